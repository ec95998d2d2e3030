import struct FoundationEssentials.CocoaError
import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder
import struct FoundationEssentials.POSIXError
import struct FoundationEssentials.URL

/// Reads interchange JSONL (one `ResultRow` object per line) from `ponder run export` or another tool.
/// Blank lines are skipped; a bad line stops the read with an error naming the file and the line.
///
///     let rows = try InterchangeReader.rows(atPath: "results.jsonl")
public enum InterchangeReader {
    public static func rows(atPath path: String) throws -> [ResultRow] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch {
            throw InterchangeError(file: path, line: nil, reason: "cannot read the file (\(Self.describe(fileError: error)))")
        }
        return try rows(from: data, file: path)
    }

    /// Rows of JSONL text; `file` only names the source in errors.
    public static func rows(from data: Data, file: String) throws -> [ResultRow] {
        let decoder = JSONDecoder()
        var rows: [ResultRow] = []
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // a UTF-8 byte-order mark
        for (offset, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }
            do {
                rows.append(try decoder.decode(ResultRow.self, from: Data(line)))
            } catch let error as DecodingError {
                throw InterchangeError(file: file, line: offset + 1, reason: Self.describe(error))
            } catch {
                throw InterchangeError(file: file, line: offset + 1, reason: "\(error)")
            }
        }
        return rows
    }

    /// Why a file could not be read, in a few words ("no such file") instead of a CocoaError dump.
    private static func describe(fileError error: any Error) -> String {
        guard let posix = (error as? CocoaError)?.userInfo["NSUnderlyingError"] as? POSIXError else { return "\(error)" }
        switch posix.code {
        case .ENOENT: return "no such file"
        case .EACCES: return "permission denied"
        case .EISDIR: return "it is a directory"
        default: return "\(posix.code)"
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// A decoding error in the interchange's terms ("missing \"score\"") rather than Swift's.
    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let names = (path + (key.map { [$0] } ?? [])).map(\.stringValue)
            return names.isEmpty ? "the row" : "\"\(names.joined(separator: "."))\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(field(context.codingPath, key))"
        case .typeMismatch(let type, let context):
            return "\(field(context.codingPath)) is not \(Self.expected(type))"
        case .valueNotFound(let type, let context):
            return "\(field(context.codingPath)) is null, expected \(Self.expected(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not a JSON object (\(context.debugDescription))" }
            return "\(field(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Int.Type: "a number"
        case is [String: Any].Type: "a JSON object"
        default: "a \(type)"
        }
    }
}

/// A result row that could not be read, with where it is.
public struct InterchangeError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number; nil when the file itself could not be read.
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
    }
}
