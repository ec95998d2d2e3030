/// Probability of improvement P(A > B) for every pair, a bar from 0 with its 95% interval, against a
/// dashed line at ½ (no difference). Each bar is a series marked with `data-a` and `data-b`.
struct ImprovementBars {
    let report: ComparisonReport

    static let rowHeight = 26.0
    static let plotWidth = 300.0

    var markup: Markup {
        let position = Dictionary(report.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let labels = report.pairs.map { "\(ChartLabel.fitted($0.a, maximum: 20)) vs \(ChartLabel.fitted($0.b, maximum: 20))" }
        let labelWidth = max(60, Double(labels.map(\.count).max() ?? 0) * ChartLabel.characterWidth) + 12
        let left = labelWidth + 8, top = 34.0
        let axisY = top + Double(report.pairs.count) * Self.rowHeight + 6
        let x = ChartScale.linear(covering: [], pixels: left...(left + Self.plotWidth), fixed: 0...1)

        var children: [Markup] = [
            SVGShapes.text("Probability of improvement P(A > B)", left, 18, weight: "bold"),
            ChartAxis.bottom(x, y: axisY, gridTop: top - 6, title: "P(A > B)"),
            SVGShapes.line(x.position(0.5), top - 6, x.position(0.5), axisY, stroke: SVGShapes.textColour, dash: "4 3", className: "reference"),
        ]
        for (row, pair) in report.pairs.enumerated() {
            let y = top + (Double(row) + 0.5) * Self.rowHeight
            let colour = SeriesPalette.colour(position[pair.a] ?? row)
            let (low, high) = (x.position(pair.probImprovementCI95.low), x.position(pair.probImprovementCI95.high))
            children.append(SVGShapes.text(labels[row], labelWidth, y + 4, anchor: .end, className: "label"))
            let tooltip = "P(\(pair.a) > \(pair.b)) = \(ReportNumber.fixed(pair.probImprovement, decimals: 3)) \(ReportNumber.interval(pair.probImprovementCI95, decimals: 3))"
            children.append(.element("g", attributes: [("class", "series"), ("data-a", pair.a), ("data-b", pair.b)], [
                .element("title", [:], [.text(tooltip)]),
                SVGShapes.rect(x.position(0), y - 7, width: x.position(pair.probImprovement) - x.position(0), height: 14, fill: colour, opacity: 0.75),
                SVGShapes.line(low, y, high, y, stroke: SVGShapes.textColour, width: 1.5),
                SVGShapes.line(low, y - 5, low, y + 5, stroke: SVGShapes.textColour, width: 1.5),
                SVGShapes.line(high, y - 5, high, y + 5, stroke: SVGShapes.textColour, width: 1.5),
            ]))
        }
        return SVGShapes.plot(
            id: "improvement", title: "Probability of improvement with 95% confidence intervals",
            width: left + Self.plotWidth + 20, height: axisY + 44, children)
    }
}
