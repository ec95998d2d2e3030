/// Ranks with rank 1 for the largest value, where tied values share the mean of the ranks they span:
/// `scipy.stats.rankdata(-x, method="average")`.
///
/// ```swift
/// AverageRanks.descending([0.7, 0.9, 0.7])  // [2.5, 1, 2.5]
/// ```
public enum AverageRanks {
    public static func descending(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { (-values[$0], $0) < (-values[$1], $1) }
        var ranks = Array(repeating: 0.0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let shared = Double(start + 1 + end) / 2  // mean of ranks start+1 … end
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
        return ranks
    }

    /// `RankedStrategy` values ordered best first (ties in input order), ranking by `keys` where larger
    /// is better, and reporting `scores` beside each rank.
    static func ranked(_ strategies: [String], keys: [Double], scores: [Double]) -> [RankedStrategy] {
        let ranks = descending(keys)
        return strategies.indices
            .sorted { (ranks[$0], $0) < (ranks[$1], $1) }
            .map { RankedStrategy(strategy: strategies[$0], rank: ranks[$0], score: scores[$0]) }
    }
}
