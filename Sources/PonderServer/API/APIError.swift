import Hummingbird
import PonderCore

import class FoundationEssentials.JSONEncoder

/// An error answered in OpenAI's shape (`{"error": {"message", "type", "param", "code"}}`) with its status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var body: ErrorBody

    static func invalid(_ message: String, param: String? = nil) -> APIError {
        APIError(status: .badRequest, body: ErrorBody(message: message, type: "invalid_request_error", param: param))
    }

    static func notFound(_ message: String, param: String) -> APIError {
        APIError(status: .notFound, body: ErrorBody(message: message, type: "invalid_request_error", param: param, code: "model_not_found"))
    }

    static let unauthorized = APIError(
        status: .unauthorized,
        body: ErrorBody(message: "Missing or invalid API key. Send it as 'Authorization: Bearer <key>'.", type: "invalid_request_error", code: "invalid_api_key"))

    static func tooLarge(limit: Int) -> APIError {
        APIError(status: .contentTooLarge, body: ErrorBody(message: "The request body is larger than \(limit) bytes.", type: "invalid_request_error"))
    }

    static func upstream(_ message: String) -> APIError {
        APIError(status: .badGateway, body: ErrorBody(message: message, type: "upstream_error"))
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(body)).map { Array($0) } ?? Array(#"{"error":{"message":"error"}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
