/// A table of already formatted cells, shared by the terminal and HTML outputs so both show the same
/// figures. (The CSV output has its own tables of unformatted numbers, see `CSVTable`.)
public struct TextTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        /// Names and labels.
        case left
        /// Numbers, so their decimal points line up.
        case right
    }

    public struct Column: Sendable, Equatable {
        public var header: String
        public var alignment: Alignment

        public init(_ header: String, _ alignment: Alignment = .right) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// A stable identifier (`strategies`, `pairs`, …), used as the HTML element id.
    public var id: String
    public var title: String
    public var columns: [Column]
    public var rows: [[String]]
    /// Lines printed under the table: what a symbol means, what is missing and why.
    public var notes: [String]

    public init(id: String, title: String, columns: [Column], rows: [[String]], notes: [String] = []) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "one cell per column")
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}
