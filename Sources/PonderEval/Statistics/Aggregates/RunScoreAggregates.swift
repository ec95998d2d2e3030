/// rliable's four aggregates of a runs × tasks score matrix (Agarwal et al. 2021), where each cell is
/// one run's mean score on one task. Input is each task's run scores, `[task][run]`; tasks may have
/// different numbers of runs.
///
/// - mean: the mean over tasks of each task's mean over runs (`rliable.metrics.aggregate_mean`);
/// - median: the median over tasks of the same per-task means (`aggregate_median`), so with one task
///   it equals the mean;
/// - IQM: the 25%-trimmed mean of all cells pooled (`scipy.stats.trim_mean(x, 0.25)`, see
///   `interquartileMean`);
/// - optimality gap: the mean over all cells of max(0, γ − x) with γ = 1 (`aggregate_optimality_gap`),
///   how far runs fall short of a perfect score.
///
/// On a rectangular matrix these equal rliable's functions exactly; with unequal run counts the mean
/// and median still weight tasks equally, while IQM and the optimality gap pool the cells.
public struct RunScoreAggregates: Sendable, Equatable {
    public var mean: Double
    public var median: Double
    public var iqm: Double
    public var optimalityGap: Double

    public static let perfectScore = 1.0

    public init(taskRunScores: [[Double]]) {
        precondition(!taskRunScores.isEmpty && taskRunScores.allSatisfy { !$0.isEmpty }, "every task needs a run")
        let taskMeans = taskRunScores.map { $0.reduce(0, +) / Double($0.count) }
        let cells = taskRunScores.flatMap { $0 }
        mean = taskMeans.reduce(0, +) / Double(taskMeans.count)
        median = Percentile.median(of: taskMeans)
        iqm = Self.interquartileMean(cells)
        optimalityGap = cells.reduce(0) { $0 + max(0, Self.perfectScore - $1) } / Double(cells.count)
    }

    /// The four values in the order `[mean, median, iqm, optimalityGap]`, for bootstrap bookkeeping.
    public var values: [Double] { [mean, median, iqm, optimalityGap] }

    /// The interquartile mean as scipy's `trim_mean(x, 0.25)`: sort, drop ⌊0.25·n⌋ values from each
    /// end (no interpolation of partial values), average the rest.
    public static func interquartileMean(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "no values to average")
        let sorted = values.sorted()
        let cut = sorted.count / 4
        let kept = sorted[cut..<(sorted.count - cut)]
        return kept.reduce(0, +) / Double(kept.count)
    }
}
