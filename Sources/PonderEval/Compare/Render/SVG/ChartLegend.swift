/// A vertical legend: a swatch (a line in the series' colour and dash, or a dot) and a fitted name.
enum ChartLegend {
    static let rowHeight = 18.0
    static let swatchWidth = 22.0

    enum Marker { case line, dot }

    struct Entry {
        var label: String
        var colour: String
        var dash: String?
        var marker: Marker
    }

    /// Entries for strategies, each paired with its index in the report's order, which picks its colour.
    static func entries(_ strategies: [(name: String, index: Int)], marker: Marker) -> [Entry] {
        strategies.map { Entry(label: $0.name, colour: SeriesPalette.colour($0.index), dash: marker == .line ? SeriesPalette.dash($0.index) : nil, marker: marker) }
    }

    /// Pixels the legend needs across.
    static func width(of entries: [Entry]) -> Double { swatchWidth + 8 + ChartLabel.width(of: entries.map(\.label)) }

    static func make(_ entries: [Entry], x: Double, y: Double) -> Markup {
        let rows = entries.enumerated().map { row, entry -> Markup in
            let top = y + Double(row) * rowHeight
            let swatch = switch entry.marker {
            case .line: SVGShapes.line(x, top + 6, x + swatchWidth, top + 6, stroke: entry.colour, width: 3, dash: entry.dash)
            case .dot: SVGShapes.circle(x + swatchWidth / 2, top + 6, radius: 5, fill: entry.colour)
            }
            return .element("g", [:], [swatch, SVGShapes.text(ChartLabel.fitted(entry.label), x + swatchWidth + 6, top + 10)])
        }
        return .element("g", ["class": "legend"], rows)
    }
}
