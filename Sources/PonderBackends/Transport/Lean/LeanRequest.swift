import NIOCore
import NIOHTTP1

/// One request for the lean client: method, URL, headers and an optional body.
///
/// `Host` and `Content-Length` are added by the client; `headers` carries the rest.
///
/// ```swift
/// let request = LeanRequest(
///     method: .POST, url: LeanURL("http://127.0.0.1:8080/v1/chat/completions")!,
///     headers: ["Content-Type": "application/json"], body: json)
/// ```
public struct LeanRequest: Sendable {
    public var method: HTTPMethod
    public var url: LeanURL
    public var headers: HTTPHeaders
    public var body: ByteBuffer?

    public init(method: HTTPMethod, url: LeanURL, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The whole request as it goes on the wire, in one buffer: request line, headers, `Host`,
    /// `Content-Length` (when there is a body), a blank line, the body.
    ///
    /// Written directly rather than through NIO's request encoder, which would first build a head with
    /// its own copy of the headers. A header value with a control character (an API key pasted with its
    /// newline would split the request) is refused before anything is sent.
    func wireBytes(hostHeader: String, allocator: ByteBufferAllocator) throws(LeanHTTPError) -> ByteBuffer {
        var bytes = try headBytes(hostHeader: hostHeader, capacity: 160 + url.path.utf8.count + (body?.readableBytes ?? 0), allocator: allocator)
        if var body {
            bytes.writeStaticString("\r\nContent-Length: ")
            bytes.writeDecimalDigits(body.readableBytes)
            bytes.writeStaticString("\r\n\r\n")
            bytes.writeBuffer(&body)
        } else {
            bytes.writeStaticString("\r\n\r\n")
        }
        return bytes
    }

    /// The request line, the headers and `Host` (its line not yet ended): what `LeanRoute` keeps.
    func headBytes(
        hostHeader: String, capacity: Int = 256, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(LeanHTTPError) -> ByteBuffer {
        var bytes = allocator.buffer(capacity: capacity)
        bytes.writeString(method.rawValue)
        bytes.writeInteger(UInt8(ascii: " "))
        bytes.writeString(url.path)
        bytes.writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in headers {
            try Self.check(name)
            try Self.check(value, of: name)
            bytes.writeString(name)
            bytes.writeStaticString(": ")
            bytes.writeString(value)
            bytes.writeStaticString("\r\n")
        }
        try Self.check(hostHeader, of: "Host")
        bytes.writeStaticString("Host: ")
        bytes.writeString(hostHeader)
        return bytes
    }

    /// A header name is a token (RFC 9110 §5.1): no separators, spaces or control characters.
    private static func check(_ name: String) throws(LeanHTTPError) {
        guard !name.isEmpty, name.utf8.allSatisfy(HTTPFieldSyntax.isTokenByte) else { throw LeanHTTPError.invalidHeader(name: name) }
    }

    /// A header value holds no control character but tab (RFC 9110 §5.5): no line break to split the
    /// request, nothing a server would refuse.
    private static func check(_ value: String, of name: String) throws(LeanHTTPError) {
        guard value.utf8.allSatisfy(HTTPFieldSyntax.isValueByte) else { throw LeanHTTPError.invalidHeader(name: name) }
    }
}
