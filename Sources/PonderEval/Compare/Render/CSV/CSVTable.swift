/// One CSV file of the `--csv` output: a header of snake_case names (the `--json` keys) and rows of
/// unformatted values, so scripts get full precision. Missing values are empty fields.
///
///     CSVTable(name: "pairs", header: ["a", "b"], rows: [["x", "y,z"]]).text   // "a,b\nx,\"y,z\"\n"
public struct CSVTable: Sendable, Equatable {
    /// The file name without `.csv`.
    public var name: String
    public var header: [String]
    public var rows: [[String]]

    public init(name: String, header: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == header.count }, "one field per column")
        self.name = name
        self.header = header
        self.rows = rows
    }

    public var fileName: String { name + ".csv" }

    /// RFC 4180 text with `\n` line ends: a field holding a comma, a quote, or a line break is quoted,
    /// with its quotes doubled.
    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\n" }.joined()
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// A number as Swift prints it: the shortest text that reads back to the same Double.
    static func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }
}
