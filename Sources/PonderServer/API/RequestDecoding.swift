import Hummingbird

import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder

/// Reads a request body into its wire type, turning decoding failures into 400s that name the field.
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw APIError.invalid("The body is not valid JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid("missing required field '\(path(context.codingPath + [key]))'", param: path(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid("'\(path(context.codingPath))' has the wrong type: \(context.debugDescription)", param: path(context.codingPath))
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            return .invalid(where_.isEmpty ? "The body is not valid JSON." : "'\(where_)': \(context.debugDescription)", param: where_.isEmpty ? nil : where_)
        @unknown default:
            return .invalid("The body could not be read.")
        }
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
