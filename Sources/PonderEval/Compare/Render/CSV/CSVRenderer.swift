/// The `--csv DIR` output: one table per file (strategies, pairs, rankings, profiles, frontier, and
/// at_tokens, samples, sequential when the report has them).
///
///     for table in CSVRenderer().tables(report) { print(table.fileName, table.text) }
public struct CSVRenderer: Sendable {
    public init() {}

    public func tables(_ report: ComparisonReport) -> [CSVTable] {
        var tables = [strategies(report), pairs(report), rankings(report), profiles(report), frontier(report)]
        if !report.frontier.atTokens.isEmpty { tables.append(atTokens(report)) }
        if !report.samples.isEmpty { tables.append(samples(report)) }
        if let decision = report.sequential { tables.append(sequential(decision)) }
        return tables
    }

    func strategies(_ report: ComparisonReport) -> CSVTable {
        let header = [
            "strategy", "count", "runs", "mean", "mean_low", "mean_high", "median", "median_low", "median_high",
            "iqm", "iqm_low", "iqm_high", "optimality_gap", "optimality_gap_low", "optimality_gap_high",
            "wilson95_low", "wilson95_high", "mean_tokens", "median_tokens", "mean_latency_ms", "median_latency_ms",
        ]
        let rows = report.order.compactMap { name -> [String]? in
            guard let s = report.strategies[name] else { return nil }
            let n = CSVTable.number as (Double?) -> String
            return [
                name, String(s.count), String(s.runs),
                n(s.mean), n(s.ci95.mean.low), n(s.ci95.mean.high),
                n(s.median), n(s.ci95.median.low), n(s.ci95.median.high),
                n(s.iqm), n(s.ci95.iqm.low), n(s.ci95.iqm.high),
                n(s.optimalityGap), n(s.ci95.optimalityGap.low), n(s.ci95.optimalityGap.high),
                n(s.wilson95?.low), n(s.wilson95?.high),
                n(s.meanTokens), n(s.medianTokens), n(s.meanLatencyMS), n(s.medianLatencyMS),
            ]
        }
        return CSVTable(name: "strategies", header: header, rows: rows)
    }

    func pairs(_ report: ComparisonReport) -> CSVTable {
        let header = [
            "a", "b", "count", "mean_diff", "mean_diff_low", "mean_diff_high", "only_a", "only_b",
            "mcnemar_p", "mcnemar_midp", "holm_p", "prob_improvement", "prob_improvement_low", "prob_improvement_high",
        ]
        let n = CSVTable.number as (Double?) -> String
        let rows = report.pairs.map { p in
            [
                p.a, p.b, String(p.count), n(p.meanDiff), n(p.ci95.low), n(p.ci95.high), String(p.onlyA), String(p.onlyB),
                n(p.mcnemarP), n(p.mcnemarMidP), n(p.holmP), n(p.probImprovement), n(p.probImprovementCI95.low), n(p.probImprovementCI95.high),
            ]
        }
        return CSVTable(name: "pairs", header: header, rows: rows)
    }

    /// Long format: one row per (method, strategy), methods `mean`, `borda` and (up to 8 strategies) `kemeny`.
    func rankings(_ report: ComparisonReport) -> CSVTable {
        let methods: [(String, [RankedStrategy])] = [("mean", report.rankings.mean), ("borda", report.rankings.borda)]
            + (report.rankings.kemeny.map { [("kemeny", $0)] } ?? [])
        let rows = methods.flatMap { method, ranking in
            ranking.map { [method, $0.strategy, CSVTable.number($0.rank), CSVTable.number($0.score)] }
        }
        return CSVTable(name: "rankings", header: ["method", "strategy", "rank", "score"], rows: rows)
    }

    /// Long format: one row per (strategy, τ).
    func profiles(_ report: ComparisonReport) -> CSVTable {
        let rows = report.profiles.flatMap { profile in
            profile.taus.indices.map { i in
                [
                    profile.strategy, CSVTable.number(profile.taus[i]), CSVTable.number(profile.fraction.element(i)),
                    CSVTable.number(profile.low.element(i)), CSVTable.number(profile.high.element(i)),
                ]
            }
        }
        return CSVTable(name: "profiles", header: ["strategy", "tau", "fraction", "low", "high"], rows: rows)
    }

    func frontier(_ report: ComparisonReport) -> CSVTable {
        let rows = report.frontier.points.map {
            [$0.strategy, CSVTable.number($0.meanTokens), CSVTable.number($0.mean), String($0.onFrontier)]
        }
        return CSVTable(name: "frontier", header: ["strategy", "mean_tokens", "mean", "on_frontier"], rows: rows)
    }

    func atTokens(_ report: ComparisonReport) -> CSVTable {
        let rows = report.frontier.atTokens.map { [CSVTable.number($0.tokens), $0.strategy ?? "", CSVTable.number($0.mean)] }
        return CSVTable(name: "at_tokens", header: ["tokens", "strategy", "mean"], rows: rows)
    }

    func samples(_ report: ComparisonReport) -> CSVTable {
        let rows = report.samples.map { [$0.strategy, String($0.k), CSVTable.number($0.passAtK), CSVTable.number($0.majAtK)] }
        return CSVTable(name: "samples", header: ["strategy", "k", "pass_at_k", "maj_at_k"], rows: rows)
    }

    func sequential(_ decision: SequentialDecision) -> CSVTable {
        let rows = decision.decisions.map { [$0.a, $0.b, $0.verdict, $0.better ?? "", CSVTable.number(decision.alpha), String(decision.runsUsed)] }
        return CSVTable(name: "sequential", header: ["a", "b", "verdict", "better", "alpha", "runs_used"], rows: rows)
    }
}

fileprivate extension Array {
    /// The element at `index`, or nil past the end (profiles whose arrays disagree in length).
    func element(_ index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
