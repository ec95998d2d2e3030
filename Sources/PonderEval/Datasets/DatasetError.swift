/// A row the reader could not use, with the line and the field to fix.
public struct BadRow: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    /// The field at fault; nil when the row as a whole is (invalid JSON, wrong number of CSV fields).
    public var field: String?
    public var message: String

    public init(line: Int, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "line \(line): field '\(field)': \(message)" }
        return "line \(line): \(message)"
    }

    /// `FILE:LINE: field 'answer': missing`, the way compilers point at a line.
    public func located(in file: String) -> String {
        "\(file):\(line): " + (field.map { "field '\($0)': " } ?? "") + message
    }
}

/// Why a dataset cannot be run: the file cannot be read, or it has bad rows (and `--skip-bad-rows`
/// was not given).
public enum DatasetError: Error, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case badRows(file: String, rows: [BadRow])
    case empty(file: String)
    /// The file is malformed beyond one row (a CSV quote never closed): rows cannot be told apart.
    case malformed(file: String, line: Int, reason: String)

    /// At most this many bad rows are listed in the message.
    static let listedRows = 10

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): \(reason)"
        case .empty(let file):
            return "\(file): no rows"
        case .malformed(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .badRows(let file, let rows):
            var lines = ["\(file): \(rows.count) bad row\(rows.count == 1 ? "" : "s") (fix them, or pass --skip-bad-rows to run the good rows only):"]
            lines += rows.prefix(Self.listedRows).map { "  " + $0.located(in: file) }
            if rows.count > Self.listedRows { lines.append("  … and \(rows.count - Self.listedRows) more") }
            return lines.joined(separator: "\n")
        }
    }
}
