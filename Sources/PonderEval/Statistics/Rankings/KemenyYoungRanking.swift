/// The exact Kemeny–Young ranking across tasks: the order of strategies that agrees with the most
/// per-task pairwise preferences, i.e. minimises the total Kendall-τ distance to the task rankings
/// (Kemeny 1959; Colombo et al. 2022 for benchmarks). Strategy i is preferred to j on a task when its
/// mean there is higher; a tie counts half for each order. Every order is enumerated, so it is limited
/// to `maximumStrategies` (8! = 40,320 orders).
///
/// Ties between optimal orders are broken deterministically: permutations of `tieBreak` (for
/// `ponder compare`, the mean ranking) are enumerated in lexicographic order and the first optimal one
/// wins, so among equally good orders the one closest to `tieBreak`, position by position, is chosen.
///
/// Ranks are the positions 1…n of that order. `score` is the order's agreement: the fraction of
/// (task, pair) preferences it respects, the same for every strategy.
public enum KemenyYoungRanking {
    public static let maximumStrategies = 8

    /// `taskMeans[t][s]` is strategy s's mean score on task t; `tieBreak` lists strategy indices in the
    /// preferred order. Nil with more than `maximumStrategies` strategies.
    public static func rank(_ strategies: [String], taskMeans: [[Double]], tieBreak: [Int]) -> [RankedStrategy]? {
        let n = strategies.count
        precondition(tieBreak.sorted() == Array(0..<n), "tieBreak is a permutation of the strategies")
        precondition(!taskMeans.isEmpty && taskMeans.allSatisfy { $0.count == n }, "a mean per strategy on every task")
        guard n <= maximumStrategies else { return nil }
        let preference = halfPreferences(taskMeans, count: n)
        var candidate = tieBreak
        var best = candidate, bestAgreement = agreement(candidate, preference)
        while nextLexicographicPermutation(&candidate, by: tieBreak) {
            let value = agreement(candidate, preference)
            if value > bestAgreement {
                best = candidate
                bestAgreement = value
            }
        }
        let pairs = n * (n - 1) / 2
        let score = pairs == 0 ? 1 : Double(bestAgreement) / Double(2 * pairs * taskMeans.count)
        return best.enumerated().map { position, s in
            RankedStrategy(strategy: strategies[s], rank: Double(position + 1), score: score)
        }
    }

    /// `h[i][j]`: twice the number of tasks preferring i to j (a tie adds 1 to both directions), kept
    /// in integers so that equal agreements compare equal.
    static func halfPreferences(_ taskMeans: [[Double]], count n: Int) -> [[Int]] {
        var h = Array(repeating: Array(repeating: 0, count: n), count: n)
        for means in taskMeans {
            for i in 0..<n {
                for j in 0..<n where i != j {
                    if means[i] > means[j] { h[i][j] += 2 } else if means[i] == means[j] { h[i][j] += 1 }
                }
            }
        }
        return h
    }

    static func agreement(_ order: [Int], _ h: [[Int]]) -> Int {
        var total = 0
        for p in order.indices {
            for q in (p + 1)..<order.count { total += h[order[p]][order[q]] }
        }
        return total
    }

    /// Steps `order` to the next permutation in lexicographic order of positions in `alphabet`; false
    /// after the last.
    static func nextLexicographicPermutation(_ order: inout [Int], by alphabet: [Int]) -> Bool {
        var position = Array(repeating: 0, count: alphabet.count)
        for (i, s) in alphabet.enumerated() { position[s] = i }
        var keys = order.map { position[$0] }
        guard keys.count > 1 else { return false }
        var i = keys.count - 2
        while i >= 0 && keys[i] >= keys[i + 1] { i -= 1 }
        guard i >= 0 else { return false }
        var j = keys.count - 1
        while keys[j] <= keys[i] { j -= 1 }
        keys.swapAt(i, j)
        keys[(i + 1)...].reverse()
        order = keys.map { alphabet[$0] }
        return true
    }
}
