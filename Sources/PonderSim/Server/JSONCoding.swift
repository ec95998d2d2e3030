#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import NIOCore
import PonderCore

/// JSON in and out of the sim's routes.
enum JSONCoding {
    /// Keys are sorted: Foundation's encoder otherwise orders them by hash, which differs between runs, and
    /// the sim promises identical bytes for identical requests.
    static func encode<T: Encodable>(_ value: T) -> ByteBuffer {
        ByteBuffer(bytes: encodeData(value))
    }

    static func encodeData<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding the sim's own value types cannot fail.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Decodes a request body; a failure is described as an OpenAI 400 error naming the offending field.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) -> Result<T, RequestError> {
        do {
            return .success(try JSONDecoder().decode(type, from: Data(buffer.readableBytesView)))
        } catch let error as DecodingError {
            return .failure(RequestError.from(error))
        } catch {
            return .failure(RequestError(message: "Invalid JSON body: \(error)", param: nil))
        }
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: encode(value)))
    }

    static func error(
        _ status: HTTPResponse.Status, message: String, type: String, param: String? = nil, code: String? = nil,
        headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = jsonHeaders
        headers.append(contentsOf: extra)
        let body = ErrorBody(message: message, type: type, param: param, code: code)
        return Response(status: status, headers: headers, body: .init(byteBuffer: encode(body)))
    }
}

/// A request the sim refuses with HTTP 400.
struct RequestError: Error, Sendable {
    var message: String
    var param: String?

    static func from(_ error: DecodingError) -> RequestError {
        func name(_ path: [any CodingKey]) -> String? {
            let parts = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return parts.isEmpty ? nil : parts.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return RequestError(message: "Invalid JSON body: \(context.debugDescription)", param: nil)
            }
            return RequestError(message: "Invalid value: \(context.debugDescription)", param: name(context.codingPath))
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            return RequestError(message: "Missing required parameter '\(name(path) ?? key.stringValue)'", param: name(path))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return RequestError(
                message: "Invalid type for '\(name(context.codingPath) ?? "body")': \(context.debugDescription)",
                param: name(context.codingPath))
        @unknown default:
            return RequestError(message: "Invalid JSON body", param: nil)
        }
    }
}
