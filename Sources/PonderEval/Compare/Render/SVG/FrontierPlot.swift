/// Score against mean tokens per problem on a log axis: a point per strategy, the Pareto frontier as a
/// staircase (the best score reachable within a budget), and the `--at-tokens` budgets as dotted lines.
struct FrontierPlot {
    let report: ComparisonReport

    static let plotWidth = 420.0
    static let plotHeight = 260.0
    static let frontierColour = "#555555"

    var markup: Markup {
        let position = Dictionary(report.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let points = report.frontier.points
        let budgets = report.frontier.atTokens.map(\.tokens)
        let left = 64.0, top = 34.0
        let bottom = top + Self.plotHeight, right = left + Self.plotWidth
        let x = ChartScale.logarithmic(covering: points.map(\.meanTokens) + budgets, pixels: left...right)
        let y = ChartScale.linear(covering: points.map(\.mean), pixels: top...bottom, flipped: true)
        let decimals = ReportTables(report).scoreDecimals

        var children: [Markup] = [
            SVGShapes.text("Score against compute", left, 18, weight: "bold"),
            ChartAxis.bottom(x, y: bottom, gridTop: top, title: "mean tokens per problem (log scale)"),
            ChartAxis.left(y, x: left, gridRight: right, title: report.binary ? "accuracy" : "mean score"),
        ]
        for tokens in budgets {
            let bx = x.position(tokens)
            children.append(.element("g", ["class": "budget"], [
                SVGShapes.line(bx, top, bx, bottom, stroke: "#777777", dash: "2 3"),
                SVGShapes.text(x.label(tokens), bx + 3, top + 10, size: 10),
            ]))
        }
        children.append(staircase(points.filter(\.onFrontier), x: x, y: y, right: right))

        var strategies: [String] = []
        for point in points where !strategies.contains(point.strategy) { strategies.append(point.strategy) }
        strategies.sort { (position[$0] ?? .max) < (position[$1] ?? .max) }
        for (row, strategy) in strategies.enumerated() {
            let index = position[strategy] ?? row
            let own = points.filter { $0.strategy == strategy }
            let tooltip = own.map {
                "\(strategy): \(ReportNumber.fixed($0.mean, decimals: decimals)) at \(ReportNumber.fixed($0.meanTokens, decimals: 0)) tokens" + ($0.onFrontier ? " (frontier)" : "")
            }.joined(separator: "; ")
            let marks = own.map { SVGShapes.circle(x.position($0.meanTokens), y.position($0.mean), radius: $0.onFrontier ? 6 : 4.5, fill: SeriesPalette.colour(index)) }
            children.append(SVGShapes.series(strategy: strategy, tooltip: tooltip, marks))
        }
        let legend = ChartLegend.entries(strategies.enumerated().map { row, name in (name: name, index: position[name] ?? row) }, marker: .dot)
            + [ChartLegend.Entry(label: "frontier", colour: Self.frontierColour, dash: "5 3", marker: .line)]
        children.append(ChartLegend.make(legend, x: right + 20, y: top))
        return SVGShapes.plot(
            id: "frontier", title: "Score against mean tokens, with the compute frontier",
            width: right + 20 + ChartLegend.width(of: legend) + 10, height: bottom + 44, children)
    }

    /// The frontier as a step function: flat until the next frontier point's budget, then up to it, and
    /// flat to the right edge after the last.
    private func staircase(_ frontier: [FrontierPoint], x: ChartScale, y: ChartScale, right: Double) -> Markup {
        let sorted = frontier.sorted { $0.meanTokens < $1.meanTokens }
        guard let first = sorted.first else { return .element("g", ["class": "frontier"]) }
        var corners = [(x.position(first.meanTokens), y.position(first.mean))]
        for point in sorted.dropFirst() {
            corners.append((x.position(point.meanTokens), corners[corners.count - 1].1))
            corners.append((x.position(point.meanTokens), y.position(point.mean)))
        }
        corners.append((right, corners[corners.count - 1].1))
        return .element("g", ["class": "frontier"], [SVGShapes.path(corners, stroke: Self.frontierColour, width: 1.5, dash: "5 3")])
    }
}
