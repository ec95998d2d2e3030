/// Strategies ranked by their aggregate mean score, best first; equal means share the average rank.
/// `score` is the mean.
public enum MeanRanking {
    public static func rank(_ strategies: [String], means: [Double]) -> [RankedStrategy] {
        precondition(strategies.count == means.count, "one mean per strategy")
        return AverageRanks.ranked(strategies, keys: means, scores: means)
    }
}
