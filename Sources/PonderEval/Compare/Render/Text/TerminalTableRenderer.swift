/// The default output of `ponder compare`: every table with aligned columns, then the settings.
///
///     print(TerminalTableRenderer().render(report))
public struct TerminalTableRenderer: Sendable {
    /// Space between columns.
    public var gutter = "  "

    public init() {}

    public func render(_ report: ComparisonReport) -> String {
        let tables = ReportTables(report)
        var blocks = tables.all.map(render)
        blocks.append(tables.settingsLines.map(Self.printable).joined(separator: "\n"))
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One table: title, header, a rule, the rows, then its notes. Widths count characters, so names in
    /// scripts that draw double-width glyphs (CJK) will look misaligned.
    public func render(_ table: TextTable) -> String {
        let table = Self.printable(table)
        var widths = table.columns.map(\.header.count)
        for row in table.rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return table.columns[index].alignment == .left ? cell + padding : padding + cell
            }
            return Self.trimmingTrailingSpaces(padded.joined(separator: gutter))
        }
        var lines = [table.title, line(table.columns.map(\.header))]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: gutter))
        lines += table.rows.map(line)
        lines += table.notes.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// `text` with control characters (newlines, tabs, escape sequences) replaced by U+FFFD, so a
    /// strategy name can neither break the layout nor drive the terminal.
    static func printable(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : $0 }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func printable(_ table: TextTable) -> TextTable {
        var table = table
        table.title = printable(table.title)
        table.columns = table.columns.map { .init(printable($0.header), $0.alignment) }
        table.rows = table.rows.map { $0.map(printable) }
        table.notes = table.notes.map(printable)
        return table
    }

    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = Substring(text)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
