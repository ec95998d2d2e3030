/// One aggregate of every strategy with its 95% interval, a row per strategy (rliable's interval
/// estimates): a dot at the estimate, a bar across the stratified-bootstrap interval.
///
///     IntervalPlot(report: report, metric: .iqm).markup   // <svg class="plot" data-plot="interval-iqm">…
struct IntervalPlot {
    enum Metric: CaseIterable {
        case mean, median, iqm, optimalityGap

        /// Used in `data-plot="interval-…"`.
        var id: String {
            switch self {
            case .mean: "mean"
            case .median: "median"
            case .iqm: "iqm"
            case .optimalityGap: "optimality-gap"
            }
        }

        var title: String {
            switch self {
            case .mean: "Mean"
            case .median: "Median"
            case .iqm: "IQM"
            case .optimalityGap: "Optimality gap (lower is better)"
            }
        }

        func estimate(_ summary: StrategySummary) -> (value: Double, interval: Interval) {
            switch self {
            case .mean: (summary.mean, summary.ci95.mean)
            case .median: (summary.median, summary.ci95.median)
            case .iqm: (summary.iqm, summary.ci95.iqm)
            case .optimalityGap: (summary.optimalityGap, summary.ci95.optimalityGap)
            }
        }
    }

    let report: ComparisonReport
    let metric: Metric

    static let rowHeight = 24.0
    static let plotWidth = 300.0

    var markup: Markup {
        let entries = report.order.enumerated().compactMap { index, name in
            report.strategies[name].map { (name: name, index: index, estimate: metric.estimate($0)) }
        }
        let labelWidth = max(60, ChartLabel.width(of: entries.map(\.name))) + 12
        let left = labelWidth + 8, top = 34.0
        let axisY = top + Double(entries.count) * Self.rowHeight + 6
        let values = entries.flatMap { [$0.estimate.value, $0.estimate.interval.low, $0.estimate.interval.high] }
        let x = ChartScale.linear(covering: values, pixels: left...(left + Self.plotWidth))
        let decimals = ReportTables(report).scoreDecimals

        var children: [Markup] = [
            SVGShapes.text(metric.title, left, 18, weight: "bold"),
            ChartAxis.bottom(x, y: axisY, gridTop: top - 6, title: "score"),
        ]
        for (row, entry) in entries.enumerated() {
            let y = top + (Double(row) + 0.5) * Self.rowHeight
            let colour = SeriesPalette.colour(entry.index)
            let (value, interval) = entry.estimate
            children.append(SVGShapes.text(ChartLabel.fitted(entry.name), labelWidth, y + 4, anchor: .end, className: "label"))
            let tooltip = "\(entry.name): \(ReportNumber.fixed(value, decimals: decimals)) \(ReportNumber.interval(interval, decimals: decimals))"
            children.append(SVGShapes.series(strategy: entry.name, tooltip: tooltip, [
                SVGShapes.line(x.position(interval.low), y, x.position(interval.high), y, stroke: colour, width: 3, dash: SeriesPalette.dash(entry.index)),
                SVGShapes.line(x.position(interval.low), y - 5, x.position(interval.low), y + 5, stroke: colour, width: 1.5),
                SVGShapes.line(x.position(interval.high), y - 5, x.position(interval.high), y + 5, stroke: colour, width: 1.5),
                SVGShapes.circle(x.position(value), y, radius: 5, fill: colour),
            ]))
        }
        return SVGShapes.plot(
            id: "interval-" + metric.id, title: "\(metric.title) with 95% confidence intervals",
            width: left + Self.plotWidth + 20, height: axisY + 44, children)
    }
}
