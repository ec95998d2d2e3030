/// The comparison as formatted tables, in the order the terminal and the HTML report show them.
///
///     let tables = ReportTables(report)
///     for table in tables.all { … }   // strategies, pairs, rankings, frontier, budgets, samples, sequential
public struct ReportTables: Sendable {
    public let report: ComparisonReport
    /// Decimals of scores, chosen once per report so every score column lines up the same way.
    public let scoreDecimals: Int

    public init(_ report: ComparisonReport) {
        self.report = report
        let largest = report.strategies.values.map { max(abs($0.mean), abs($0.median), abs($0.iqm)) }.max() ?? 0
        scoreDecimals = report.binary ? 3 : ReportNumber.decimals(forMagnitude: largest)
    }

    /// Every table that has something to show; tables of absent data (no tokens, no stored samples, no
    /// `--sequential`) are left out rather than shown empty.
    public var all: [TextTable] {
        [strategies, pairs, rankings, frontier, budgets, samples, sequential].compactMap { $0 }
    }

    /// The summaries in display order, skipping any name the report has no summary for.
    var orderedSummaries: [(name: String, summary: StrategySummary)] {
        report.order.compactMap { name in report.strategies[name].map { (name, $0) } }
    }

    func score(_ value: Double?) -> String { ReportNumber.fixed(value, decimals: scoreDecimals) }

    func interval(_ value: Interval?) -> String { ReportNumber.interval(value, decimals: scoreDecimals) }

    /// The settings behind the figures, for the footer.
    public var settingsLines: [String] {
        let settings = report.settings
        let percent = ReportNumber.rank(settings.confidence * 100)
        var lines = [
            "intervals: \(percent)% confidence, \(settings.reps) resamples, seed \(settings.seed)",
            "method: \(settings.ciMethod)",
            "scores: " + (report.binary ? "0/1 (Wilson intervals and McNemar tests apply)" : "real-valued (bootstrap intervals only)"),
        ]
        let tasks = report.tasks.filter { !$0.isEmpty }
        if !tasks.isEmpty { lines.append("tasks: " + tasks.joined(separator: ", ")) }
        return lines
    }
}
