/// Performance profiles: for each strategy, the fraction of its run scores above each threshold τ, a
/// line with its 95% confidence band (rliable). A curve above another everywhere dominates it.
struct ProfilePlot {
    let report: ComparisonReport

    static let plotWidth = 420.0
    static let plotHeight = 240.0

    var markup: Markup {
        let position = Dictionary(report.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let profiles = report.profiles
        let left = 64.0, top = 34.0
        let bottom = top + Self.plotHeight, right = left + Self.plotWidth
        let x = ChartScale.linear(covering: profiles.flatMap(\.taus), pixels: left...right)
        let y = ChartScale.linear(covering: [], pixels: top...bottom, flipped: true, fixed: 0...1)

        var children: [Markup] = [
            SVGShapes.text("Performance profiles", left, 18, weight: "bold"),
            ChartAxis.bottom(x, y: bottom, gridTop: top, title: "score threshold τ"),
            ChartAxis.left(y, x: left, gridRight: right, title: "fraction of runs with score > τ"),
        ]
        for (row, profile) in profiles.enumerated() {
            let index = position[profile.strategy] ?? row
            let colour = SeriesPalette.colour(index)
            let count = min(profile.taus.count, profile.fraction.count, profile.low.count, profile.high.count)
            let taus = profile.taus.prefix(count).map(x.position)
            var marks: [Markup] = []
            if count > 0 {
                let upper = (0..<count).map { (taus[$0], y.position(profile.high[$0])) }
                let lower = (0..<count).reversed().map { (taus[$0], y.position(profile.low[$0])) }
                marks.append(SVGShapes.path(upper + lower, fill: colour, opacity: 0.15, className: "band"))
                let line = (0..<count).map { (taus[$0], y.position(profile.fraction[$0])) }
                marks.append(SVGShapes.path(line, stroke: colour, width: 2, dash: SeriesPalette.dash(index), className: "line"))
            }
            children.append(SVGShapes.series(strategy: profile.strategy, tooltip: profile.strategy, marks))
        }
        let legend = ChartLegend.entries(
            profiles.enumerated().map { row, profile in (name: profile.strategy, index: position[profile.strategy] ?? row) }, marker: .line)
        children.append(ChartLegend.make(legend, x: right + 20, y: top))
        return SVGShapes.plot(
            id: "profiles", title: "Performance profiles with 95% confidence bands",
            width: right + 20 + ChartLegend.width(of: legend) + 10, height: bottom + 44, children)
    }
}
