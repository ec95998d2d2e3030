import NIOCore
import NIOHTTP1

/// The lines of a response head, each without its line ending (CRLF, or a bare LF, which RFC 9112 §2.2
/// lets a recipient accept), up to the blank line that ends the head.
struct LeanHeaderLines {
    private let raw: UnsafeRawBufferPointer
    /// Where the next line starts.
    private(set) var offset = 0

    init(_ raw: UnsafeRawBufferPointer) {
        self.raw = raw
    }

    /// The next line's byte range in `raw`, or nil at the blank line or the end.
    mutating func next() -> Range<Int>? {
        guard offset < raw.count, let newline = raw[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var end = newline
        if end > offset, raw[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = offset..<end
        offset = newline + 1
        return line.isEmpty ? nil : line
    }

    /// A header line's name and its value without surrounding spaces and tabs. The name must be a token
    /// and the value free of control characters (a bare CR, a NUL), as NIO's parser also required.
    static func split(_ line: UnsafeRawBufferPointer) throws(LeanHTTPError) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        // A line that starts with white space continues the one before (obsolete folding): it is not a
        // token, so it is refused, as RFC 9112 §5.2 allows, rather than guessed at; so is a space before the colon.
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            line[..<colon].allSatisfy(HTTPFieldSyntax.isTokenByte), line[(colon + 1)...].allSatisfy(HTTPFieldSyntax.isValueByte)
        else {
            let shown = String(decoding: line.prefix(40), as: UTF8.self)
            throw LeanHTTPError.invalidResponse(detail: "a malformed response header line: \(shown.debugDescription)")
        }
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])))
    }

    /// `bytes` without the spaces and tabs around them.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Each element of a comma-separated field value, trimmed; empty elements too (an empty value is one).
    static func forEachElement(of value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= value.count {
            let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.count
            body(trimmed(UnsafeRawBufferPointer(rebasing: value[start..<end])))
            start = end + 1
        }
    }

    /// The header lines of a head `LeanResponseHead.parse` accepted, as NIO's headers.
    static func headers(_ lines: ByteBuffer) -> HTTPHeaders {
        lines.withUnsafeReadableBytes { raw in
            var headers = HTTPHeaders()
            var iterator = LeanHeaderLines(raw)
            while let line = iterator.next() {
                guard let (name, value) = try? split(UnsafeRawBufferPointer(rebasing: raw[line])) else { continue }
                headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
            }
            return headers
        }
    }
}

/// The few header fields that frame a response, read from their bytes without making strings.
enum LeanHeaderValue {
    enum Name {
        case contentLength, transferEncoding, connection, other

        init(_ name: UnsafeRawBufferPointer) {
            if Self.equalsIgnoringCase(name, "content-length") {
                self = .contentLength
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                self = .transferEncoding
            } else if Self.equalsIgnoringCase(name, "connection") {
                self = .connection
            } else {
                self = .other
            }
        }

        static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                if lowered != expected[index] { return false }
            }
            return true
        }
    }

    enum Coding: Equatable { case chunked, other }

    /// A length is digits, or a list of one length repeated (RFC 9110 §8.6); anything else is refused.
    static func contentLength(_ value: UnsafeRawBufferPointer) throws(LeanHTTPError) -> Int {
        var length: Int?
        var malformed = false
        var conflicting = false
        LeanHeaderLines.forEachElement(of: value) { element in
            // Eighteen digits is beyond any body; stopping there keeps the arithmetic from overflowing.
            guard !element.isEmpty, element.count <= 18, element.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                malformed = true
                return
            }
            let number = element.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if let length, length != number { conflicting = true }
            length = number
        }
        guard !malformed, let length else { throw LeanHTTPError.invalidResponse(detail: "a malformed Content-Length") }
        guard !conflicting else { throw LeanHTTPError.invalidResponse(detail: "two different Content-Length values") }
        return length
    }

    /// Whether the last transfer coding listed is `chunked` (only then is the body chunked, RFC 9112 §6.3).
    /// A coding is a token, optionally with parameters after `;`: words separated by spaces are refused.
    static func lastCoding(_ value: UnsafeRawBufferPointer) throws(LeanHTTPError) -> Coding {
        var coding = UnsafeRawBufferPointer(start: nil, count: 0)
        LeanHeaderLines.forEachElement(of: value) { element in if !element.isEmpty { coding = element } }
        if let semicolon = coding.firstIndex(of: UInt8(ascii: ";")) {
            coding = LeanHeaderLines.trimmed(UnsafeRawBufferPointer(rebasing: coding[..<semicolon]))
        }
        guard !coding.isEmpty, !coding.contains(UInt8(ascii: " ")), !coding.contains(UInt8(ascii: "\t")) else {
            throw LeanHTTPError.invalidResponse(detail: "a malformed Transfer-Encoding")
        }
        return Name.equalsIgnoringCase(coding, "chunked") ? .chunked : .other
    }

    /// The `close` and `keep-alive` options of every `Connection` field.
    struct ConnectionTokens {
        var close = false
        var keepAlive = false

        mutating func add(_ value: UnsafeRawBufferPointer) {
            LeanHeaderLines.forEachElement(of: value) { token in
                if Name.equalsIgnoringCase(token, "close") { close = true }
                if Name.equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
            }
        }
    }
}
