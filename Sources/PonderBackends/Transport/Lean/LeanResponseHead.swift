import NIOCore

/// The parts of an HTTP/1.x response head the lean client acts on: the status, whether the connection
/// may be reused, and how the body is framed. The header lines stay as received; `LeanResponse.headers`
/// turns them into `HTTPHeaders` only when a caller asks (on an error status, say).
struct LeanResponseHead: Equatable {
    enum Framing: Equatable {
        /// No body: a 1xx, 204 or 304, or the answer to a HEAD request.
        case none
        case length(Int)
        case chunked
        /// The body is everything until the server closes the connection.
        case untilClose
    }

    var status: Int
    var keepAlive: Bool
    var framing: Framing
    /// The header lines as received, from the first through the blank line that ends the head.
    var headerLines: ByteBuffer

    /// Parses a complete head: `bytes` holds its lines, status line to blank line.
    ///
    /// Strict where a lenient reading could let one response be taken for another (RFC 9112 §6.3):
    /// conflicting `Content-Length`s, a malformed length or status line, folded header lines, a header name
    /// with a space before its colon. A response with both `Transfer-Encoding` and `Content-Length` is read
    /// as chunked and its connection not reused.
    static func parse(_ bytes: ByteBuffer, requestHadNoBody: Bool) throws(LeanHTTPError) -> LeanResponseHead {
        let parsed = bytes.withUnsafeReadableBytes { raw in
            Result { () throws(LeanHTTPError) in try parse(raw, requestHadNoBody: requestHadNoBody) }
        }
        var (head, headerStart) = try parsed.get()
        head.headerLines = bytes.getSlice(at: bytes.readerIndex + headerStart, length: bytes.readableBytes - headerStart) ?? ByteBuffer()
        return head
    }

    private static func parse(_ raw: UnsafeRawBufferPointer, requestHadNoBody: Bool) throws(LeanHTTPError) -> (LeanResponseHead, Int) {
        var lines = HTTP1HeaderLines(raw)
        guard let statusLine = lines.next() else { throw LeanHTTPError.invalidResponse(detail: "an empty response head") }
        let (minorVersion, status) = try parseStatusLine(UnsafeRawBufferPointer(rebasing: raw[statusLine]))
        let headerStart = lines.offset

        var contentLength: Int?
        var transferEncoding: HTTP1HeaderValue.Coding?
        var connection = HTTP1HeaderValue.ConnectionTokens()
        while let line = lines.next() {
            let (name, value) = try LeanHTTPError.response { () throws(HTTP1SyntaxError) in
                try HTTP1HeaderLines.split(UnsafeRawBufferPointer(rebasing: raw[line]))
            }
            switch HTTP1HeaderValue.Name(name) {
            case .contentLength:
                let length = try LeanHTTPError.response { () throws(HTTP1SyntaxError) in try HTTP1HeaderValue.contentLength(value) }
                if let contentLength, contentLength != length {
                    throw LeanHTTPError.invalidResponse(detail: "two different Content-Length values")
                }
                contentLength = length
            case .transferEncoding:
                transferEncoding = try LeanHTTPError.response { () throws(HTTP1SyntaxError) in try HTTP1HeaderValue.lastCoding(value) }
            case .connection:
                connection.add(value)
            case .host, .other:
                break
            }
        }

        var keepAlive = minorVersion >= 1 ? !connection.close : connection.keepAlive && !connection.close
        // HTTP/1.0 has no transfer codings: a message with one is badly framed (RFC 9112 §6.1).
        if transferEncoding != nil, minorVersion == 0 { keepAlive = false }
        let framing: Framing
        if requestHadNoBody || status == 204 || status == 304 || (100...199).contains(status) {
            framing = .none
            // A 204 may not carry a body (RFC 9110 §15.3.5); one that announces one may well send it,
            // and those bytes must not be read as the next call's answer.
            if status == 204, transferEncoding != nil || (contentLength ?? 0) > 0 { keepAlive = false }
        } else if let transferEncoding {
            // A length beside a transfer coding is a sign of a confused intermediary: obey the coding, then close.
            if contentLength != nil { keepAlive = false }
            if transferEncoding == .chunked {
                framing = .chunked
            } else {
                framing = .untilClose
                keepAlive = false
            }
        } else if let contentLength {
            framing = .length(contentLength)
        } else {
            framing = .untilClose
            keepAlive = false
        }
        return (LeanResponseHead(status: status, keepAlive: keepAlive, framing: framing, headerLines: ByteBuffer()), headerStart)
    }

    /// `HTTP/1.<digit> <3 digits>[ <reason>]`.
    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws(LeanHTTPError) -> (minor: Int, status: Int) {
        let prefix = "HTTP/1.".utf8
        guard line.count >= 12, line.starts(with: prefix), let minor = digit(line[7]), line[8] == UInt8(ascii: " "),
            let d0 = digit(line[9]), let d1 = digit(line[10]), let d2 = digit(line[11]), d0 >= 1,
            line.count == 12 || line[12] == UInt8(ascii: " ")
        else {
            let shown = String(decoding: line.prefix(40), as: UTF8.self)
            throw LeanHTTPError.invalidResponse(detail: "the response does not start with an HTTP/1.x status line: \(shown.debugDescription)")
        }
        return (minor, d0 * 100 + d1 * 10 + d2)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte &- UInt8(ascii: "0")) : nil
    }
}
