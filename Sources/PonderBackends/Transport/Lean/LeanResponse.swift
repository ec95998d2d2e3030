import NIOCore
import NIOHTTP1

/// A whole response as the lean client read it: status, headers and the body in one buffer.
public struct LeanResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when the server sent it as a number.
    public var retryAfterSeconds: Double? {
        headers.first(name: "Retry-After").flatMap { Double($0.trimmingWhitespace()) }
    }

    public var contentType: String? { headers.first(name: "Content-Type") }
}
