import Foundation
import PonderCore

/// How values that SQLite has no type for are written in the store: dates as ISO 8601 text in UTC,
/// lists and trees as compact JSON.
enum StoreCoding {
    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func text(_ date: Date) -> String { date.formatted(dateStyle) }

    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return try? dateStyle.parse(text)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
