import NIOCore
import NIOHTTP1
import PonderBackends

/// Reads a complete HTTP/1.x request head: the request line, the header fields as NIO's `HTTPHeaders`,
/// and how the body is framed.
///
/// Strict where a lenient reading could let one request be taken for another (request smuggling, RFC
/// 9112 §3.2, §6.3, §11.2): no `Host` in an HTTP/1.1 request or more than one, a `Transfer-Encoding`
/// beside a `Content-Length`, a transfer coding other than a single `chunked`, any transfer coding from
/// an HTTP/1.0 client, conflicting or malformed lengths, folded header lines, a space before a header's
/// colon, stray spaces or control characters in the request line. Each is refused (the connection
/// answers 400 and closes).
enum HTTP1RequestHeadParser {
    /// The head, and how its body is delimited (nil: the request has none).
    static func parse(_ bytes: ByteBuffer) throws(HTTP1SyntaxError) -> (HTTPRequestHead, HTTP1BodyReader.Framing?) {
        let parsed = bytes.withUnsafeReadableBytes { raw in
            Result { () throws(HTTP1SyntaxError) in try parse(raw) }
        }
        return try parsed.get()
    }

    private static func parse(_ raw: UnsafeRawBufferPointer) throws(HTTP1SyntaxError) -> (HTTPRequestHead, HTTP1BodyReader.Framing?) {
        var lines = HTTP1HeaderLines(raw)
        guard let requestLine = lines.next() else { throw HTTP1SyntaxError("an empty request head") }
        let (method, target, version) = try parseRequestLine(UnsafeRawBufferPointer(rebasing: raw[requestLine]))

        // Gathered as pairs, then made `HTTPHeaders` at once: its `add` checks each name again.
        var fields: [(String, String)] = []
        fields.reserveCapacity(8)
        var contentLength: Int?
        var hosts = 0
        var codings = 0
        var chunkedLast = false
        while let line = lines.next() {
            let (name, value) = try HTTP1HeaderLines.split(UnsafeRawBufferPointer(rebasing: raw[line]))
            switch HTTP1HeaderValue.Name(name) {
            case .contentLength:
                let length = try HTTP1HeaderValue.contentLength(value)
                if let contentLength, contentLength != length { throw HTTP1SyntaxError("two different Content-Length values") }
                contentLength = length
            case .transferEncoding:
                try HTTP1HeaderValue.forEachCoding(of: value) { coding in
                    codings += 1
                    chunkedLast = coding == .chunked
                }
            case .host:
                hosts += 1
            case .connection, .other:
                break
            }
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }

        // RFC 9112 §3.2: an HTTP/1.1 request names its host once; two could be read differently by a proxy.
        guard hosts <= 1 else { throw HTTP1SyntaxError("more than one Host field") }
        guard hosts == 1 || version.minor == 0 else { throw HTTP1SyntaxError("an HTTP/1.1 request without a Host field") }
        let framing: HTTP1BodyReader.Framing?
        if codings > 0 {
            // The daemon decodes no transfer coding but chunked, and a length beside a coding, or a coding
            // from a client that predates them, is how one request is smuggled inside another.
            guard version.minor >= 1 else { throw HTTP1SyntaxError("a Transfer-Encoding in an HTTP/1.0 request") }
            guard contentLength == nil else { throw HTTP1SyntaxError("both Transfer-Encoding and Content-Length") }
            guard codings == 1, chunkedLast else { throw HTTP1SyntaxError("a transfer coding other than chunked") }
            framing = .chunked
        } else if let contentLength {
            framing = contentLength > 0 ? .length(contentLength) : nil
        } else {
            framing = nil
        }
        return (HTTPRequestHead(version: version, method: method, uri: target, headers: HTTPHeaders(fields)), framing)
    }

    /// `METHOD SP request-target SP HTTP/1.<digit>`, single spaces (RFC 9112 §3).
    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTP1SyntaxError) -> (HTTPMethod, String, HTTPVersion) {
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")), firstSpace > 0,
            line[..<firstSpace].allSatisfy(HTTPFieldSyntax.isTokenByte),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: UInt8(ascii: " ")), secondSpace > firstSpace + 1,
            line[(firstSpace + 1)..<secondSpace].allSatisfy(isTargetByte)
        else {
            // Not quoted: a target may carry a credential in its query, and the error may be logged.
            throw HTTP1SyntaxError("not an HTTP/1.x request line")
        }
        let version = UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...])
        guard version.count == 8, version.starts(with: "HTTP/1.".utf8), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(version[7]) else {
            throw HTTP1SyntaxError("an HTTP version other than 1.x")
        }
        let method = Self.method(UnsafeRawBufferPointer(rebasing: line[..<firstSpace]))
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace]), as: UTF8.self)
        return (method, target, HTTPVersion(major: 1, minor: Int(version[7] - UInt8(ascii: "0"))))
    }

    /// The methods the daemon serves are matched on their bytes; any other token becomes NIO's method for it.
    private static func method(_ token: UnsafeRawBufferPointer) -> HTTPMethod {
        if token.elementsEqual("POST".utf8) { return .POST }
        if token.elementsEqual("GET".utf8) { return .GET }
        if token.elementsEqual("HEAD".utf8) { return .HEAD }
        return HTTPMethod(rawValue: String(decoding: token, as: UTF8.self))
    }

    /// A request target is printable ASCII: no space, control character or byte past 0x7E (RFC 3986).
    private static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }
}
