import PonderCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Turning a server's answer into `BackendError`, shared by both clients.
extension HTTPTransport {
    /// Throws `.http` for a non-2xx status, with the server's message and `Retry-After`.
    static func checkStatus(status: Int, headers: @autoclosure () -> HTTPHeaders, body: ByteBuffer, target: Target) throws {
        guard status / 100 != 2 else { return }
        let retryAfter = headers().first(name: "Retry-After").flatMap { Double($0.trimmingWhitespace()) }
        throw BackendError.http(
            endpoint: target.endpoint, replica: target.replica, status: status,
            message: errorMessage(from: body), retryAfterSeconds: retryAfter)
    }

    /// The server's own message: OpenAI's `error.message` when present, else the start of the body.
    static func errorMessage(from body: ByteBuffer) -> String {
        if let parsed = try? decoder.decode(ErrorEnvelope.self, from: body) {
            return parsed.message
        }
        let text = String(buffer: body)
        return text.isEmpty ? "(empty body)" : String(text.prefix(500))
    }

    static func describe(_ error: any Error, body: ByteBuffer) -> String {
        let head = String(buffer: body).prefix(200)
        return "\(error) — body starts: \(head)"
    }
}

/// `{"error": {"message": ...}}` or `{"error": "..."}` or `{"message": ...}`.
private struct ErrorEnvelope: Decodable {
    var message: String

    private struct Detail: Decodable { var message: String }
    private enum Keys: String, CodingKey { case error, message, detail }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let detail = try? c.decode(Detail.self, forKey: .error) {
            message = detail.message
        } else if let text = try? c.decode(String.self, forKey: .error) {
            message = text
        } else if let text = try? c.decode(String.self, forKey: .message) {
            message = text
        } else {
            message = try c.decode(String.self, forKey: .detail)
        }
    }
}
