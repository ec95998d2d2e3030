/// Small builders for the SVG elements the charts draw, with coordinates written to two decimals.
enum SVGShapes {
    static let textColour = "#222222"
    static let gridColour = "#e3e3e3"

    /// A coordinate or length: at most two decimals, no trailing zeros ("12.5", "100").
    static func number(_ value: Double) -> String {
        var text = ReportNumber.fixed(value.isFinite ? value : 0, decimals: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// The root `<svg>` of one plot: `data-plot` names it for tests and scripts, `<title>` for screen readers.
    static func plot(id: String, title: String, width: Double, height: Double, _ children: [Markup]) -> Markup {
        .element(
            "svg",
            attributes: [
                ("xmlns", "http://www.w3.org/2000/svg"), ("class", "plot"), ("data-plot", id),
                ("width", number(width)), ("height", number(height)),
                ("viewBox", "0 0 \(number(width)) \(number(height))"), ("role", "img"),
                ("font-family", "system-ui, sans-serif"),
            ],
            [.element("title", [:], [.text(title)])] + children)
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil, className: String? = nil) -> Markup {
        var attributes = [("x1", number(x1)), ("y1", number(y1)), ("x2", number(x2)), ("y2", number(y2)), ("stroke", stroke), ("stroke-width", number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if let className { attributes.append(("class", className)) }
        return .element("line", attributes: attributes)
    }

    static func circle(_ x: Double, _ y: Double, radius: Double, fill: String) -> Markup {
        .element("circle", attributes: [("cx", number(x)), ("cy", number(y)), ("r", number(radius)), ("fill", fill), ("stroke", "#ffffff"), ("stroke-width", "1")])
    }

    static func rect(_ x: Double, _ y: Double, width: Double, height: Double, fill: String, opacity: Double = 1) -> Markup {
        .element("rect", attributes: [("x", number(x)), ("y", number(y)), ("width", number(max(0, width))), ("height", number(max(0, height))), ("fill", fill), ("fill-opacity", number(opacity))])
    }

    /// A path through `points` (`M x y L x y …`), stroked or, when `fill` is given, filled and closed.
    static func path(_ points: [(Double, Double)], stroke: String? = nil, width: Double = 2, dash: String? = nil, fill: String? = nil, opacity: Double = 1, className: String? = nil) -> Markup {
        var d = points.enumerated().map { index, point in (index == 0 ? "M" : "L") + number(point.0) + " " + number(point.1) }.joined(separator: " ")
        if fill != nil { d += " Z" }
        var attributes = [("d", d), ("fill", fill ?? "none")]
        if fill != nil { attributes.append(("fill-opacity", number(opacity))) }
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", number(width)), ("stroke-linejoin", "round")] }
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if let className { attributes.append(("class", className)) }
        return .element("path", attributes: attributes)
    }

    enum Anchor: String { case start, middle, end }

    static func text(_ content: String, _ x: Double, _ y: Double, anchor: Anchor = .start, size: Double = 12, weight: String? = nil, rotate: Bool = false, className: String? = nil) -> Markup {
        var attributes = [("x", number(x)), ("y", number(y)), ("text-anchor", anchor.rawValue), ("font-size", number(size)), ("fill", textColour)]
        if let weight { attributes.append(("font-weight", weight)) }
        if rotate { attributes.append(("transform", "rotate(-90 \(number(x)) \(number(y)))")) }
        if let className { attributes.append(("class", className)) }
        return .element("text", attributes: attributes, [.text(content)])
    }

    /// A group for one strategy's marks, marked so tests and scripts can find every series of a plot.
    static func series(strategy: String, tooltip: String, _ children: [Markup]) -> Markup {
        .element("g", attributes: [("class", "series"), ("data-strategy", strategy)], [.element("title", [:], [.text(tooltip)])] + children)
    }
}
