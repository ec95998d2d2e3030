/// The working state of one AdaStop comparison: observed statistics, the surviving permutation paths
/// with their accumulated values, and the decisions so far. See `AdaStop` for the procedure.
struct AdaStopState {
    let design: AdaStop
    let runScores: [[Double]]
    private(set) var decisions: [AdaStop.PairDecision]
    /// Indices into `decisions` of the pairs still open.
    private(set) var undecided: [Int]
    /// Signed Σ a − Σ b over the looks taken, per pair.
    private var observed: [Double]
    /// Signed permutation values per pair and path, at `pair * permutations + path`.
    private var pathValues: [Double]
    private var alive: [Bool]
    private var droppedPaths = 0

    init(design: AdaStop, runScores: [[Double]]) {
        self.design = design
        self.runScores = runScores
        var decisions: [AdaStop.PairDecision] = []
        for first in runScores.indices {
            for second in (first + 1)..<runScores.count {
                decisions.append(.init(first: first, second: second, verdict: .undecided, look: nil))
            }
        }
        self.decisions = decisions
        undecided = Array(decisions.indices)
        observed = Array(repeating: 0, count: decisions.count)
        pathValues = Array(repeating: 0, count: design.permutations * decisions.count)
        alive = Array(repeating: true, count: design.permutations)
    }

    mutating func takeLook(_ look: Int, using rng: inout SplitMix64) {
        addBlock(look, using: &rng)
        let allowedLevel = design.alpha * Double(look + 1) / Double(design.maxLooks)
        // Paths this look may still push over the boundary; the small epsilon absorbs rounding in α·B.
        let tailBudget = Int((allowedLevel * Double(design.permutations) + 1e-9).rounded(.down)) - droppedPaths
        var crossed: [Int]? = nil
        while !undecided.isEmpty {
            let maxima = pathMaxima()
            let boundary = Self.boundary(maxima.map(\.value), tailBudget: tailBudget)
            if crossed == nil { crossed = maxima.filter { $0.value > boundary }.map(\.path) }
            let candidates = undecided.filter { abs(observed[$0]) > boundary }
            guard let strongest = candidates.max(by: { (abs(observed[$0]), -$0) < (abs(observed[$1]), -$1) }) else { break }
            let pair = decisions[strongest]
            decisions[strongest].verdict = .differ(better: observed[strongest] >= 0 ? pair.first : pair.second)
            decisions[strongest].look = look
            undecided.removeAll { $0 == strongest }
        }
        for path in crossed ?? [] { alive[path] = false }
        droppedPaths += crossed?.count ?? 0
    }

    mutating func acceptRemaining(look: Int) {
        for pair in undecided {
            decisions[pair].verdict = .equal
            decisions[pair].look = look
        }
        undecided = []
    }

    /// Adds look `look`'s runs to the observed statistics and extends every surviving path by a random
    /// split of each pair's pooled block (path 0 keeps the identity split).
    private mutating func addBlock(_ look: Int, using rng: inout SplitMix64) {
        let n = design.runsPerLook
        let block = (look * n)..<((look + 1) * n)
        let pooled = undecided.map { pair in
            Array(runScores[decisions[pair].first][block]) + Array(runScores[decisions[pair].second][block])
        }
        for (slot, pair) in undecided.enumerated() {
            observed[pair] += pooled[slot][..<n].reduce(0, +) - pooled[slot][n...].reduce(0, +)
        }
        let totals = pooled.map { $0.reduce(0, +) }
        var split = Array(0..<(2 * n))
        for path in alive.indices where alive[path] {
            if path > 0 {
                // A partial Fisher–Yates shuffle: the first n positions become a uniform random half.
                for i in 0..<n { split.swapAt(i, i + rng.index(below: 2 * n - i)) }
            }
            for (slot, pair) in undecided.enumerated() {
                // Σ first half − Σ second half = 2·Σ first half − Σ all.
                var firstHalf = 0.0
                for i in 0..<n { firstHalf += pooled[slot][split[i]] }
                pathValues[pair * design.permutations + path] += 2 * firstHalf - totals[slot]
            }
        }
    }

    private struct PathMaximum {
        var path: Int
        var value: Double
    }

    /// Per surviving path, the largest absolute value over the undecided pairs.
    private func pathMaxima() -> [PathMaximum] {
        alive.indices.filter { alive[$0] }.map { path in
            PathMaximum(path: path, value: undecided.reduce(0) { max($0, abs(pathValues[$1 * design.permutations + path])) })
        }
    }

    /// The smallest path maximum with at most `tailBudget` maxima strictly above it; −∞ when every path
    /// fits in the budget.
    static func boundary(_ maxima: [Double], tailBudget: Int) -> Double {
        guard tailBudget >= 0 else { return .infinity }
        guard tailBudget < maxima.count else { return -.infinity }
        return maxima.sorted(by: >)[tailBudget]
    }
}
