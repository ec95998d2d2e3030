extension ReportTables {
    /// One row per strategy: its aggregates and cost.
    public var strategies: TextTable {
        let summaries = orderedSummaries
        let usesWilson = report.binary && summaries.allSatisfy { $0.summary.wilson95 != nil }
        let showsRuns = summaries.contains { $0.summary.runs > 1 }
        let showsLatency = summaries.contains { $0.summary.meanLatencyMS != nil }

        var columns: [TextTable.Column] = [.init("strategy", .left), .init("n")]
        if showsRuns { columns.append(.init("runs")) }
        columns += [
            .init("mean"), .init(usesWilson ? "95% CI (Wilson)" : "95% CI (bootstrap)"),
            .init("IQM"), .init("median"), .init("opt. gap"), .init("mean tokens"),
        ]
        if showsLatency { columns.append(.init("mean ms")) }

        let rows = summaries.map { name, s in
            var row = [name, String(s.count)]
            if showsRuns { row.append(String(s.runs)) }
            row += [
                score(s.mean), interval(usesWilson ? s.wilson95 : s.ci95.mean),
                score(s.iqm), score(s.median), score(s.optimalityGap), ReportNumber.fixed(s.meanTokens, decimals: 0),
            ]
            if showsLatency { row.append(ReportNumber.fixed(s.meanLatencyMS, decimals: 0)) }
            return row
        }
        let notes = [
            usesWilson
                ? "95% CI: Wilson score interval of the mean of 0/1 scores."
                : "95% CI: bootstrap percentile interval of the mean (method below).",
            "IQM: interquartile mean; opt. gap: mean shortfall below 1. Their intervals are in --json, --csv and --html.",
        ]
        return TextTable(id: "strategies", title: "Strategies", columns: columns, rows: rows, notes: notes)
    }
}
