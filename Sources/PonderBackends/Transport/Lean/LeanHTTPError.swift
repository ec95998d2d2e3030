/// How a lean exchange can fail by itself; errors from the network (refused, reset, connect timeout)
/// come through as SwiftNIO reports them. `HTTPTransport` maps all of them to `BackendError`.
public enum LeanHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exchange's total deadline passed; its connection was closed.
    case deadlineExceeded
    /// The connection closed, or was found closed, before the response was complete.
    case connectionClosed(detail: String)
    /// The body grew past the caller's limit; the connection was closed rather than drained.
    case responseTooLarge(limit: Int)
    /// The client was shut down.
    case shutDown
    /// A header name or value the request may not carry (a line break would split the request); nothing was sent.
    case invalidHeader(name: String)
    /// The server's bytes are not an HTTP/1.x response the client can frame; the connection was closed.
    case invalidResponse(detail: String)

    public var description: String {
        switch self {
        case .deadlineExceeded:
            return "the deadline passed before the response was complete"
        case .connectionClosed(let detail):
            return detail
        case .responseTooLarge(let limit):
            return "the body is larger than \(limit) bytes"
        case .shutDown:
            return "the HTTP client is shut down"
        case .invalidResponse(let detail):
            return "the server's response is not valid HTTP/1.x: \(detail)"
        case .invalidHeader(let name):
            return "the request header '\(name)' holds a character HTTP does not allow there"
        }
    }
}

extension LeanHTTPError {
    /// What `body` returns; bytes it finds not to be HTTP/1.x are the server's response being invalid.
    static func response<T>(_ body: () throws(HTTP1SyntaxError) -> T) throws(LeanHTTPError) -> T {
        do {
            return try body()
        } catch {
            throw .invalidResponse(detail: error.detail)
        }
    }
}
