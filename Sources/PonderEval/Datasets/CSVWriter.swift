import Foundation

/// Writes RFC 4180 CSV: a field is quoted when it holds a comma, a quote, a line break or leading or
/// trailing spaces, and quotes inside are doubled. Records end with CRLF, as the RFC asks.
public enum CSVWriter {
    public static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0.isNewline } || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
