extension ReportTables {
    /// One row per pair of strategies, on the rows they share.
    public var pairs: TextTable? {
        guard !report.pairs.isEmpty else { return nil }
        let binary = report.binary
        var columns: [TextTable.Column] = [.init("A", .left), .init("B", .left), .init("n"), .init("A − B"), .init("95% CI")]
        if binary {
            columns += [.init("only A"), .init("only B"), .init("McNemar p"), .init("mid-p"), .init("Holm p")]
        }
        columns += [.init("P(A>B)"), .init("95% CI")]

        let rows = report.pairs.map { pair in
            var row = [
                pair.a, pair.b, String(pair.count),
                ReportNumber.signed(pair.meanDiff, decimals: scoreDecimals), interval(pair.ci95),
            ]
            if binary {
                row += [
                    String(pair.onlyA), String(pair.onlyB),
                    ReportNumber.pValue(pair.mcnemarP), ReportNumber.pValue(pair.mcnemarMidP), ReportNumber.pValue(pair.holmP),
                ]
            }
            row += [ReportNumber.fixed(pair.probImprovement, decimals: 3), ReportNumber.interval(pair.probImprovementCI95, decimals: 3)]
            return row
        }
        var notes = ["A − B: mean paired difference, with its paired-bootstrap 95% CI."]
        if binary {
            notes.append("only A / only B: paired attempts (problem × run) only one of the two solved; McNemar exact test, Holm-adjusted over \(report.pairs.count) pair(s).")
        }
        if report.settings.ciMethod.contains("over paired problems") {
            notes.append("P(A>B): share of paired attempts where A scores above B (ties count half), averaged over tasks.")
        } else {
            notes.append("P(A>B): probability that a run of A scores above a run of B on a task (ties count half), averaged over tasks.")
        }
        return TextTable(id: "pairs", title: "Paired comparisons", columns: columns, rows: rows, notes: notes)
    }
}
