import NIOCore
import NIOHTTP1

/// A whole response as the lean client read it: status, headers and the body in one buffer.
public struct LeanResponse: Sendable {
    public var status: HTTPResponseStatus
    public var body: ByteBuffer
    private var headerStorage: HeaderStorage

    /// Header lines stay bytes until asked for: a successful answer is read for its body alone.
    private enum HeaderStorage: Sendable {
        case lines(ByteBuffer)
        case parsed(HTTPHeaders)
    }

    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        self.status = status
        self.body = body
        self.headerStorage = .parsed(headers)
    }

    init(head: LeanResponseHead, body: ByteBuffer) {
        self.status = HTTPResponseStatus(statusCode: head.status)
        self.body = body
        self.headerStorage = .lines(head.headerLines)
    }

    public var headers: HTTPHeaders {
        get {
            switch headerStorage {
            case .lines(let lines): HTTP1HeaderLines.headers(lines)
            case .parsed(let headers): headers
            }
        }
        set { headerStorage = .parsed(newValue) }
    }

    /// `Retry-After` in seconds, when the server sent it as a number.
    public var retryAfterSeconds: Double? {
        headers.first(name: "Retry-After").flatMap { Double($0.trimmingWhitespace()) }
    }

    public var contentType: String? { headers.first(name: "Content-Type") }
}
