import Foundation
import PonderEval

#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the tests need to know about a rendered page, read with a strict XML parser: whether it is
/// well-formed, each plot's series, and the text and attribute values as a browser would decode them.
final class HTMLStructure: NSObject, XMLParserDelegate {
    struct Series: Equatable {
        var strategy: String?
        var a: String?
        var b: String?
    }

    private(set) var wellFormed = false
    private(set) var parseError: String?
    /// `data-plot` of each `<svg class="plot">`, in page order.
    private(set) var plots: [String] = []
    /// Series per plot id.
    private(set) var series: [String: [Series]] = [:]
    private(set) var elementNames: [String] = []
    private(set) var attributeValues: [String] = []
    private(set) var text = ""
    /// Table id → rows of cell texts (header row first).
    private(set) var tables: [String: [[String]]] = [:]

    private var currentPlot: String?
    private var currentTable: String?
    private var currentCell: String?

    init(_ html: String) {
        super.init()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = self
        wellFormed = parser.parse()
        if !wellFormed { parseError = "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)" }
    }

    private func classes(_ attributes: [String: String]) -> Set<Substring> {
        Set((attributes["class"] ?? "").split(separator: " "))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elementNames.append(name)
        attributeValues += attributes.values
        if name == "svg", classes(attributes).contains("plot"), let id = attributes["data-plot"] {
            plots.append(id)
            currentPlot = id
            series[id, default: []] = []
        }
        if classes(attributes).contains("series"), let plot = currentPlot {
            series[plot, default: []].append(Series(strategy: attributes["data-strategy"], a: attributes["data-a"], b: attributes["data-b"]))
        }
        if name == "table", let id = attributes["id"] {
            currentTable = id
            tables[id] = []
        }
        if name == "tr", let table = currentTable { tables[table]?.append([]) }
        if name == "td" || name == "th", currentTable != nil { currentCell = "" }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "svg" { currentPlot = nil }
        if name == "table" { currentTable = nil }
        if name == "td" || name == "th", let table = currentTable, let cell = currentCell {
            tables[table]![tables[table]!.count - 1].append(cell)
            currentCell = nil
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
        if currentCell != nil { currentCell! += string }
    }
}
