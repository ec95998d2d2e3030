extension ComparisonBuilder {
    struct SummaryAndProfile {
        var summary: StrategySummary
        var profile: PerformanceProfile
    }

    /// One strategy's summary and performance profile; their intervals come from the same replicates.
    func summarize(_ strategy: StrategyRows, set: ScoreTableSet, unit: ResamplingUnit, taus: [Double], binary: Bool) -> SummaryAndProfile {
        let aggregates = RunScoreAggregates(taskRunScores: set.cells)
        let fractions = RunScoreProfile.fractionAbove(set.cells.flatMap { $0 }, taus: taus)
        var rng = SplitMix64(seed: options.seed, stream: "summary/\(strategy.name)")
        var replicates = BootstrapReplicates(statistics: 4 + taus.count, reps: options.reps)
        for _ in 0..<options.reps {
            let cells = unit.resample(set, using: &rng)
            let resampled = RunScoreAggregates(taskRunScores: cells)
            replicates.record(resampled.values + RunScoreProfile.fractionAbove(cells.flatMap { $0 }, taus: taus))
        }
        let intervals = replicates.percentileIntervals()
        let rows = strategy.rows
        let successes = rows.filter { $0.score == 1 }.count
        let tokens = rows.compactMap(\.tokens), latencies = rows.compactMap(\.latencyMS)
        let summary = StrategySummary(
            count: rows.count,
            runs: Set(rows.map { $0.run ?? "" }).count,
            mean: aggregates.mean,
            median: aggregates.median,
            iqm: aggregates.iqm,
            optimalityGap: aggregates.optimalityGap,
            ci95: AggregateIntervals(mean: intervals[0], iqm: intervals[2], median: intervals[1], optimalityGap: intervals[3]),
            wilson95: binary ? WilsonInterval.interval(successes: successes, count: rows.count) : nil,
            meanTokens: Self.mean(tokens),
            medianTokens: tokens.isEmpty ? nil : Percentile.median(of: tokens),
            meanLatencyMS: Self.mean(latencies),
            medianLatencyMS: latencies.isEmpty ? nil : Percentile.median(of: latencies)
        )
        let profileIntervals = intervals[4...]
        let profile = PerformanceProfile(
            strategy: strategy.name, taus: taus, fraction: fractions,
            low: profileIntervals.map(\.low), high: profileIntervals.map(\.high)
        )
        return SummaryAndProfile(summary: summary, profile: profile)
    }

    /// One grid for every strategy, so profiles can share a plot: [0, 1], widened to the cells' range
    /// when scores fall outside it.
    static func profileTaus(_ sets: [ScoreTableSet]) -> [Double] {
        let cells = sets.flatMap { $0.cells.flatMap { $0 } }
        let low = min(0, cells.min() ?? 0), high = max(1, cells.max() ?? 1)
        return RunScoreProfile.evenlySpacedTaus(from: low, to: high, count: profileThresholds)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
