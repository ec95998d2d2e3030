/// The `--html` output: one self-contained page (inline CSS and SVG, no scripts, no fonts, no links to
/// the network) with the plots and then every table.
///
/// The page is XHTML-valid markup served as HTML: well-formed XML that browsers also read as HTML5.
/// Each strategy's marks in a plot sit in `<g class="series" data-strategy="NAME">` (pairs in the
/// improvement plot: `data-a`, `data-b`), inside `<svg class="plot" data-plot="ID">`, so tests and
/// scripts can find them.
///
///     let html = HTMLReportRenderer().render(report)
public struct HTMLReportRenderer: Sendable {
    /// The page's title and heading.
    public var title: String

    public init(title: String = "Strategy comparison") {
        self.title = title
    }

    public func render(_ report: ComparisonReport) -> String {
        let tables = ReportTables(report)
        let head = Markup.element("head", [:], [
            .element("meta", ["charset": "utf-8"]),
            .element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
            .element("meta", ["name": "generator", "content": "ponder compare"]),
            .element("title", [:], [.text(title)]),
            .element("style", [:], [.trusted("\n" + ReportStylesheet.css + "\n")]),
        ])
        var body: [Markup] = [
            .element("h1", [:], [.text(title)]),
            .element("p", ["class": "caption"], [.text(summaryLine(report))]),
        ]
        body += plotSections(report)
        body.append(.element("section", ["id": "tables"], [.element("h2", [:], [.text("Tables")])] + tables.all.map(HTMLTable.markup)))
        body.append(.element("footer", [:], [.element("ul", [:], tables.settingsLines.map { .element("li", [:], [.text($0)]) })]))

        let html = Markup.element("html", ["xmlns": "http://www.w3.org/1999/xhtml", "lang": "en"], [head, .element("body", [:], body)])
        return "<!DOCTYPE html>\n" + html.rendered
    }

    private func plotSections(_ report: ComparisonReport) -> [Markup] {
        var sections = [
            section(
                id: "aggregates", heading: "Aggregate scores with 95% confidence intervals",
                plots: IntervalPlot.Metric.allCases.map { IntervalPlot(report: report, metric: $0).markup },
                caption: "Dots are point estimates; bars are 95% bootstrap percentile intervals over \(report.settings.reps) resamples (method: \(report.settings.ciMethod)). IQM is the interquartile mean; the optimality gap is the mean shortfall below a perfect score of 1, so lower is better."),
        ]
        if !report.pairs.isEmpty {
            sections.append(section(
                id: "improvement", heading: "Probability of improvement",
                plots: [ImprovementBars(report: report).markup],
                caption: "The probability that a run of A scores above a run of B on a task (ties count half), averaged over tasks. Intervals that cross the dashed line at 0.5 do not separate the two strategies."))
        }
        if !report.profiles.isEmpty {
            sections.append(section(
                id: "profiles", heading: "Performance profiles",
                plots: [ProfilePlot(report: report).markup],
                caption: "The fraction of runs scoring above each threshold, with 95% confidence bands. A curve that stays above another dominates it."))
        }
        if report.frontier.points.isEmpty {
            sections.append(.element("section", ["id": "frontier"], [
                .element("h2", [:], [.text("Score against compute")]),
                .element("p", ["class": "caption"], [.text("No row carries a token count, so there is no score-against-compute plot.")]),
            ]))
        } else {
            sections.append(section(
                id: "frontier", heading: "Score against compute",
                plots: [FrontierPlot(report: report).markup],
                caption: "Each strategy at its mean tokens per problem. The dashed staircase is the compute frontier: the best score reachable within a token budget. Dotted lines mark the --at-tokens budgets."))
        }
        return sections
    }

    private func section(id: String, heading: String, plots: [Markup], caption: String) -> Markup {
        .element("section", attributes: [("id", id)], [
            .element("h2", [:], [.text(heading)]),
            .element("div", ["class": "plots"], plots),
            .element("p", ["class": "caption"], [.text(caption)]),
        ])
    }

    private func summaryLine(_ report: ComparisonReport) -> String {
        let problems = report.strategies.values.map(\.count).max() ?? 0
        let tasks = report.tasks.filter { !$0.isEmpty }
        var parts = ["\(report.order.count) strategies", "up to \(problems) scores each"]
        if !tasks.isEmpty { parts.append("\(tasks.count) task(s)") }
        parts.append(report.binary ? "0/1 scores" : "real-valued scores")
        return parts.joined(separator: " · ")
    }
}
