/// Axes with tick marks, tick labels, light grid lines across the plot area, and an axis title.
enum ChartAxis {
    /// A horizontal axis along `y`, grid lines reaching up to `gridTop`.
    static func bottom(_ scale: ChartScale, y: Double, gridTop: Double, title: String) -> Markup {
        var marks: [Markup] = []
        for tick in scale.ticks {
            let x = scale.position(tick)
            marks.append(SVGShapes.line(x, gridTop, x, y, stroke: SVGShapes.gridColour))
            marks.append(SVGShapes.line(x, y, x, y + 4, stroke: SVGShapes.textColour))
            marks.append(SVGShapes.text(scale.label(tick), x, y + 16, anchor: .middle, size: 11))
        }
        marks.append(SVGShapes.line(scale.pixels.lowerBound, y, scale.pixels.upperBound, y, stroke: SVGShapes.textColour))
        let middle = (scale.pixels.lowerBound + scale.pixels.upperBound) / 2
        marks.append(SVGShapes.text(title, middle, y + 34, anchor: .middle))
        return .element("g", ["class": "axis x-axis"], marks)
    }

    /// A vertical axis along `x`, grid lines reaching right to `gridRight`.
    static func left(_ scale: ChartScale, x: Double, gridRight: Double, title: String) -> Markup {
        var marks: [Markup] = []
        for tick in scale.ticks {
            let y = scale.position(tick)
            marks.append(SVGShapes.line(x, y, gridRight, y, stroke: SVGShapes.gridColour))
            marks.append(SVGShapes.line(x - 4, y, x, y, stroke: SVGShapes.textColour))
            marks.append(SVGShapes.text(scale.label(tick), x - 7, y + 4, anchor: .end, size: 11))
        }
        marks.append(SVGShapes.line(x, scale.pixels.lowerBound, x, scale.pixels.upperBound, stroke: SVGShapes.textColour))
        let middle = (scale.pixels.lowerBound + scale.pixels.upperBound) / 2
        marks.append(SVGShapes.text(title, x - 42, middle, anchor: .middle, rotate: true))
        return .element("g", ["class": "axis y-axis"], marks)
    }
}
