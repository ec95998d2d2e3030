/// A tree of XHTML/SVG nodes that renders to well-formed markup: every text and attribute value goes
/// through `MarkupEscaping`, so callers never splice user text into a string of tags.
///
///     let cell = Markup.element("td", ["class": "num"], [.text("0.742")])
///     cell.rendered   // <td class="num">0.742</td>
public indirect enum Markup: Sendable {
    case element(name: String, attributes: [(String, String)], children: [Markup])
    case text(String)
    /// Trusted constant markup (the style sheet); never user text.
    case trusted(String)

    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [Markup] = []) -> Markup {
        .element(name: name, attributes: attributes.map { ($0.key, $0.value) }, children: children)
    }

    /// An element with attributes built at run time (coordinates, optional classes).
    public static func element(_ name: String, attributes: [(String, String)], _ children: [Markup] = []) -> Markup {
        .element(name: name, attributes: attributes, children: children)
    }

    public var rendered: String {
        var output = ""
        render(into: &output)
        return output
    }

    public func render(into output: inout String) {
        switch self {
        case .text(let text):
            output += MarkupEscaping.escape(text)
        case .trusted(let markup):
            output += markup
        case .element(let name, let attributes, let children):
            output += "<" + name
            for (key, value) in attributes { output += " \(key)=\"\(MarkupEscaping.escape(value))\"" }
            if children.isEmpty && Self.selfClosing.contains(name) {
                output += "/>"
                return
            }
            output += ">"
            for child in children { child.render(into: &output) }
            output += "</\(name)>"
            if children.contains(where: \.isElement) { output += "\n" }
        }
    }

    private var isElement: Bool {
        if case .element = self { return true }
        return false
    }

    /// Elements written as `<x/>`: HTML's void elements and SVG shapes. Any other HTML element is
    /// written `<x></x>` even when empty, because an HTML parser reads `<td/>` as an open tag.
    private static let selfClosing: Set<String> = [
        "meta", "br", "hr", "link", "img", "line", "circle", "rect", "path", "polyline", "polygon", "ellipse",
    ]
}
