/// The Borda ranking across tasks (as studied by Colombo et al., "What are the best systems? New
/// perspectives on NLP benchmarking", 2022): within each task rank the strategies by their mean score
/// (rank 1 best, ties share the average rank), then order strategies by their average rank over tasks.
/// Unlike the mean it cannot be carried by one task with a large spread. `score` is the average rank
/// (lower is better); strategies with equal average ranks share a rank.
public enum BordaRanking {
    /// `taskMeans[t][s]` is strategy s's mean score on task t.
    public static func rank(_ strategies: [String], taskMeans: [[Double]]) -> [RankedStrategy] {
        precondition(!taskMeans.isEmpty && taskMeans.allSatisfy { $0.count == strategies.count }, "a mean per strategy on every task")
        var rankSums = Array(repeating: 0.0, count: strategies.count)
        for means in taskMeans {
            for (s, rank) in AverageRanks.descending(means).enumerated() { rankSums[s] += rank }
        }
        let averageRanks = rankSums.map { $0 / Double(taskMeans.count) }
        return AverageRanks.ranked(strategies, keys: averageRanks.map { -$0 }, scores: averageRanks)
    }
}
