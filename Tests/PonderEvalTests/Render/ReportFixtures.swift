import PonderEval

/// Hand-built reports for the renderer tests, independent of the statistics that normally fill them.
enum ReportFixtures {
    /// Three strategies, 0/1 scores, tokens, budgets, samples and AdaStop: every table and plot.
    static func binary(names: [String] = ["best-of-4", "beam-prm", "mcts-q"]) -> ComparisonReport {
        let means = [0.742, 0.815, 0.6]
        let tokens = [1_850.0, 6_420.0, 12_900.0]
        var strategies: [String: StrategySummary] = [:]
        for (index, name) in names.enumerated() {
            let mean = means[index % means.count]
            strategies[name] = StrategySummary(
                count: 200, runs: 1, mean: mean, median: 1, iqm: mean + 0.05, optimalityGap: 1 - mean,
                ci95: AggregateIntervals(
                    mean: Interval(mean - 0.06, mean + 0.06), iqm: Interval(mean - 0.02, min(1, mean + 0.09)),
                    median: Interval(1, 1), optimalityGap: Interval(0.94 - mean, 1.06 - mean)),
                wilson95: Interval(mean - 0.065, mean + 0.058), meanTokens: tokens[index % tokens.count],
                medianTokens: tokens[index % tokens.count] - 100, meanLatencyMS: nil, medianLatencyMS: nil)
        }
        var pairs: [PairComparison] = []
        for i in names.indices {
            for j in names.indices where j > i {
                pairs.append(PairComparison(
                    a: names[i], b: names[j], count: 200, meanDiff: means[i % 3] - means[j % 3], ci95: Interval(-0.11, -0.03),
                    onlyA: 9, onlyB: 24, mcnemarP: 0.0139, mcnemarMidP: 0.0098, holmP: 0.0000123,
                    probImprovement: 0.46, probImprovementCI95: Interval(0.43, 0.49)))
            }
        }
        let ranked = names.enumerated().sorted { means[$0.offset % 3] > means[$1.offset % 3] }.map(\.element)
        let ranking = ranked.enumerated().map { RankedStrategy(strategy: $1, rank: Double($0 + 1), score: means[names.firstIndex(of: $1)! % 3]) }
        let profiles = names.enumerated().map { index, name in
            let taus = stride(from: 0.0, through: 1.0, by: 0.25).map { $0 }
            let fraction = taus.map { max(0, 1 - $0 * (1 - means[index % 3]) * 1.2) }
            return PerformanceProfile(strategy: name, taus: taus, fraction: fraction, low: fraction.map { max(0, $0 - 0.05) }, high: fraction.map { min(1, $0 + 0.05) })
        }
        let points = names.enumerated().map { index, name in
            FrontierPoint(strategy: name, meanTokens: tokens[index % 3], mean: means[index % 3], onFrontier: index % 3 != 2)
        }
        return ComparisonReport(
            order: names, strategies: strategies, pairs: pairs,
            rankings: Rankings(mean: ranking, borda: ranking, kemeny: ranking),
            profiles: profiles,
            frontier: ComputeFrontier(points: points, atTokens: [
                BudgetReading(tokens: 1_000, strategy: nil, mean: nil),
                BudgetReading(tokens: 4_000, strategy: names[0], mean: means[0]),
            ]),
            samples: [SampleMetrics(strategy: names[0], k: 1, passAtK: 0.742, majAtK: 0.742), SampleMetrics(strategy: names[0], k: 4, passAtK: 0.9, majAtK: 0.78)],
            sequential: SequentialDecision(alpha: 0.05, runsUsed: 5, decisions: [
                .init(a: names[0], b: names[1], verdict: "differ", better: names[1]),
            ]),
            settings: Settings(reps: 10_000, seed: 7, ciMethod: "percentile bootstrap (stratified)"),
            tasks: ["arith"], binary: true)
    }

    /// Two strategies with real-valued scores and nothing optional: no tokens, samples or AdaStop.
    static func realValued() -> ComparisonReport {
        let summary = { (mean: Double) in
            StrategySummary(
                count: 50, runs: 5, mean: mean, median: mean, iqm: mean, optimalityGap: 0,
                ci95: AggregateIntervals(mean: Interval(mean - 1, mean + 1), iqm: Interval(mean - 2, mean + 2), median: Interval(mean - 1, mean + 1), optimalityGap: Interval(0, 0)),
                wilson95: nil, meanTokens: nil, medianTokens: nil, meanLatencyMS: 1234.4, medianLatencyMS: 1100)
        }
        return ComparisonReport(
            order: ["a", "b"], strategies: ["a": summary(12.5), "b": summary(14.25)],
            pairs: [PairComparison(a: "a", b: "b", count: 50, meanDiff: -1.75, ci95: Interval(-2.5, -1), onlyA: 0, onlyB: 0, mcnemarP: nil, mcnemarMidP: nil, holmP: nil, probImprovement: 0.3, probImprovementCI95: Interval(0.2, 0.4))],
            rankings: Rankings(mean: [RankedStrategy(strategy: "b", rank: 1, score: 14.25), RankedStrategy(strategy: "a", rank: 2, score: 12.5)], borda: [], kemeny: nil),
            profiles: [], frontier: ComputeFrontier(points: [], atTokens: []), samples: [], sequential: nil,
            settings: Settings(reps: 1_000, seed: 0, ciMethod: "percentile bootstrap (stratified)"), tasks: [""], binary: false)
    }

    /// A name meant to break markup and CSV.
    static let hostileName = "<script>alert(\"x\")</script> & 'q', \"b\""

    /// A name with a terminal escape sequence, a tab and a line break.
    static let controlName = "red\u{1B}[31m\tname\nnext"
}
