import Foundation

/// A JSON value as a dataset file wrote it, so a row's fields can be checked one by one and a bad one
/// named, instead of failing a whole `Decodable` row at once.
///
/// Numbers keep their digits: they are decoded as `Decimal`, so an answer written as `12345678901234567890`
/// or `0.1` reads back as that text, not as a rounded `Double`.
public enum JSONValue: Sendable, Hashable, Decodable {
    case string(String)
    /// The number's text, e.g. `"42"`, `"0.25"`.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? container.decode(Int.self) {
            self = .number(String(whole))
        } else if let decimal = try? container.decode(Decimal.self) {
            self = .number("\(decimal)")
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses one JSON document.
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// A string, or a number's text: the forms an id or an answer may take.
    var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        default: nil
        }
    }

    /// What kind of value this is, for error messages ("expected a string, got an array").
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
