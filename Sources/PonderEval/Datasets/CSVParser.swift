/// Reads CSV text as RFC 4180 records: fields separated by commas, records by CRLF or LF; a field in
/// double quotes may hold commas, line breaks and doubled quotes (`""` is one `"`).
///
/// Lenient where that loses nothing: a `"` inside an unquoted field is kept as a character, the last
/// record needs no line break, blank lines are skipped, and a UTF-8 byte-order mark at the start is
/// dropped. Strict where guessing would corrupt data: text after a closing quote, or a quote never
/// closed, is an error that names the line.
public enum CSVParser {
    /// One record and the line it starts on (1-based), so errors can point at it.
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        public var description: String { "line \(line): \(message)" }
    }

    public static func records(in text: String) throws(SyntaxError) -> [Record] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        // A blank line has no field text and no comma: it is no record.
        var recordIsBlank = true
        var index = 0

        func endRecord() {
            fields.append(String(field))
            if !recordIsBlank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = String.UnicodeScalarView()
            atFieldStart = true
            recordIsBlank = true
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if recordIsBlank { recordLine = line }
            if scalar == "\"", atFieldStart {
                recordIsBlank = false
                atFieldStart = false
                let openingLine = line
                index += 1
                var closed = false
                while index < scalars.count {
                    let inner = scalars[index]
                    index += 1
                    if inner == "\"" {
                        if index < scalars.count, scalars[index] == "\"" {
                            field.append("\"")
                            index += 1
                            continue
                        }
                        closed = true
                        break
                    }
                    if inner == "\n" || (inner == "\r" && (index == scalars.count || scalars[index] != "\n")) { line += 1 }
                    field.append(inner)
                }
                guard closed else { throw SyntaxError(line: openingLine, message: "a quoted field is never closed") }
                if index < scalars.count, scalars[index] != ",", scalars[index] != "\n", scalars[index] != "\r" {
                    throw SyntaxError(
                        line: line, message: "text after a closing quote (inside a quoted field, write a quote as \"\")")
                }
                continue
            }
            switch scalar {
            case ",":
                recordIsBlank = false
                fields.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
            case "\r", "\n":
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endRecord()
                line += 1
            default:
                recordIsBlank = false
                atFieldStart = false
                field.append(scalar)
            }
            index += 1
        }
        if !recordIsBlank { endRecord() }
        return records
    }
}
