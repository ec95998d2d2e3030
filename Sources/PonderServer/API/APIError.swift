import HTTPTypes
import Hummingbird
import NIOHTTP1
import PonderCore

import class FoundationEssentials.JSONEncoder

/// An error answered in OpenAI's shape (`{"error": {"message", "type", "param", "code"}}`) with its status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var body: ErrorBody
    /// Seconds, sent as `Retry-After` (429s).
    var retryAfter: Int?
    /// The methods a path takes, sent as `Allow` (405s).
    var allow: String?

    init(status: HTTPResponse.Status, body: ErrorBody) {
        self.status = status
        self.body = body
    }

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

    static func rateLimited(_ message: String, retryAfter: Int) -> APIError {
        var error = APIError(status: .tooManyRequests, body: ErrorBody(message: message, type: "rate_limit_error", code: "rate_limit_exceeded"))
        error.retryAfter = retryAfter
        return error
    }

    static func overloaded(_ message: String) -> APIError {
        var error = APIError(status: .tooManyRequests, body: ErrorBody(message: message, type: "rate_limit_error", code: "server_busy"))
        error.retryAfter = 1
        return error
    }

    /// The path is not echoed: it is the client's text and may hold anything, a key included.
    static func unknownPath(_ method: HTTPMethod) -> APIError {
        APIError(
            status: .notFound,
            body: ErrorBody(message: "No route for \(RequestLog.methodLabel(method)) at this path.", type: "invalid_request_error", code: "unknown_url"))
    }

    static func methodNotAllowed(_ method: HTTPMethod, route: DaemonRoute) -> APIError {
        var error = APIError(
            status: .methodNotAllowed,
            body: ErrorBody(
                message: "This path does not take \(RequestLog.methodLabel(method)); it takes \(route.allowedMethods).",
                type: "invalid_request_error", code: "method_not_allowed"))
        error.allow = route.allowedMethods
        return error
    }

    static func timeout(_ message: String) -> APIError {
        APIError(status: .gatewayTimeout, body: ErrorBody(message: message, type: "upstream_error", code: "upstream_timeout"))
    }

    /// The client's own budget refused the search's first backend call: its mistake, not an upstream's.
    static func budgetAllowsNoCall(_ reason: StopReason) -> APIError {
        let limit = switch reason {
        case .tokens: "ponder.budget.max_tokens_total or ponder.budget.max_completion_tokens"
        case .calls: "ponder.budget.max_calls"
        case .cost: "ponder.budget.max_cost"
        case .deadline: "ponder.budget.deadline_ms"
        }
        return invalid("The request's budget allowed no backend call (\(reason.rawValue)); raise \(limit).", param: "ponder.budget")
    }

    static func upstream(_ message: String) -> APIError {
        APIError(status: .badGateway, body: ErrorBody(message: message, type: "upstream_error"))
    }

    /// The error body as JSON text (also sent as a stream's last event when a search fails mid-stream).
    var bodyJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(body)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"error":{"message":"error"}}"#
    }

    var response: DaemonResponse {
        var response = DaemonResponse.json(ByteBuffer(string: bodyJSON), status: status)
        if let retryAfter { response.fields.append(HTTPField(name: .retryAfter, value: String(retryAfter))) }
        if let allow { response.fields.append(HTTPField(name: .allow, value: allow)) }
        return response
    }
}
