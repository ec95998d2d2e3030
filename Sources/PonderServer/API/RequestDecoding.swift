import Hummingbird

import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder

/// Reads a request body into its wire type, turning decoding failures into 400s that name the field.
enum RequestDecoding {
    /// The body's structure is checked first (see `JSONStructure`), then it is decoded: by `fast` when it
    /// is sure of the value, else by `JSONDecoder`.
    static func decode<T: Decodable>(
        _ type: T.Type, from body: ByteBuffer, maxNestingDepth: Int, fast: ((UnsafeRawBufferPointer) -> T?)? = nil
    ) throws(APIError) -> T {
        switch body.withUnsafeReadableBytes({ JSONStructure.check($0, maxDepth: maxNestingDepth) }) {
        case .tooDeep(let field):
            let subject = field.map { "'\($0)'" } ?? "The body"
            throw APIError.invalid(
                "\(subject) nests arrays and objects more than \(maxNestingDepth) levels deep; at most \(maxNestingDepth) are allowed",
                param: field)
        case .duplicateKey(let path):
            let subject = path.map { "'\($0)' is" } ?? "A key is"
            throw APIError.invalid("\(subject) given twice in one object; give each field once", param: path)
        case nil:
            break
        }
        if let fast, let value = body.withUnsafeReadableBytes(fast) { return value }
        let data = Data(buffer: body)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty { throw DecodingDiagnosis.describe(data) }
            throw describe(error)
        } catch {
            throw DecodingDiagnosis.describe(data)
        }
    }

    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid("missing required field '\(path(context.codingPath + [key]))'", param: path(context.codingPath + [key]))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let where_ = path(context.codingPath)
            let subject = where_.isEmpty ? "The body" : "'\(where_)'"
            return .invalid(
                "\(subject) must be \(jsonName(of: type)); found \(found(in: context.debugDescription))", param: where_.isEmpty ? nil : where_)
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            guard !where_.isEmpty else {
                let detail = context.underlyingError.map { " \(brief(String(describing: $0)))" } ?? ""
                return .invalid("The body is not valid JSON.\(detail)")
            }
            return .invalid("'\(where_)': \(brief(context.debugDescription))", param: where_)
        @unknown default:
            return .invalid("The body could not be read.")
        }
    }

    /// What a Swift type is called in JSON terms.
    static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        default:
            // Containers are named by the decoder as `Dictionary<String, Any>` or `Array<Any>`.
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// What the decoder found, in JSON terms ("an object" for its "a dictionary").
    static func found(in description: String) -> String {
        let named: [(String, String)] = [
            ("null", "null"), ("dictionary", "an object"), ("array", "an array"), ("string", "a string"), ("number", "a number"),
            ("bool", "true or false"),
        ]
        guard let start = description.range(of: "found ") else { return brief(description) }
        let rest = description[start.upperBound...]
        return named.first { rest.hasPrefix($0.0) || rest.hasPrefix("a \($0.0)") || rest.hasPrefix("an \($0.0)") }?.1 ?? brief(description)
    }

    /// The decoder's own words, cut short: they may quote a number literal of any length.
    static func brief(_ text: String) -> String {
        text.utf8.count <= 200 ? text : String(decoding: text.utf8.prefix(200), as: UTF8.self) + "…"
    }

    /// `messages[2].content`-style path of a coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}
