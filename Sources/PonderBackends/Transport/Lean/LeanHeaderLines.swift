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
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), UnsafeRawBufferPointer(rebasing: line[start..<end]))
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
        var result: Int?
        var current = 0
        var digits = 0
        var spaceAfterDigits = false
        for byte in value {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                // Eighteen digits is beyond any body; stopping there keeps the arithmetic from overflowing.
                guard !spaceAfterDigits, digits <= 18 else { throw LeanHTTPError.invalidResponse(detail: "a malformed Content-Length") }
                current = current * 10 + Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: ","):
                guard digits > 0 else { throw LeanHTTPError.invalidResponse(detail: "a malformed Content-Length") }
                if let result, result != current { throw LeanHTTPError.invalidResponse(detail: "two different Content-Length values") }
                result = current
                current = 0
                digits = 0
                spaceAfterDigits = false
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                spaceAfterDigits = digits > 0
            default:
                throw LeanHTTPError.invalidResponse(detail: "a malformed Content-Length")
            }
        }
        guard digits > 0 else { throw LeanHTTPError.invalidResponse(detail: "a malformed Content-Length") }
        if let result, result != current { throw LeanHTTPError.invalidResponse(detail: "two different Content-Length values") }
        return current
    }

    /// Whether the last transfer coding listed is `chunked` (only then is the body chunked, RFC 9112 §6.3).
    /// A coding is a token, optionally with parameters after `;`: words separated by spaces are refused.
    static func lastCoding(_ value: UnsafeRawBufferPointer) throws(LeanHTTPError) -> Coding {
        var end = value.count
        while end > 0, value[end - 1] == UInt8(ascii: " ") || value[end - 1] == UInt8(ascii: "\t") || value[end - 1] == UInt8(ascii: ",") {
            end -= 1
        }
        var start = end
        while start > 0, value[start - 1] != UInt8(ascii: ",") { start -= 1 }
        var coding = UnsafeRawBufferPointer(rebasing: value[start..<end])
        if let semicolon = coding.firstIndex(of: UInt8(ascii: ";")) { coding = UnsafeRawBufferPointer(rebasing: coding[..<semicolon]) }
        while let first = coding.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { coding = UnsafeRawBufferPointer(rebasing: coding.dropFirst()) }
        while let last = coding.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { coding = UnsafeRawBufferPointer(rebasing: coding.dropLast()) }
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
            var start = 0
            while start < value.count {
                let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.count
                var tokenStart = start
                var tokenEnd = end
                while tokenStart < tokenEnd, value[tokenStart] == UInt8(ascii: " ") || value[tokenStart] == UInt8(ascii: "\t") { tokenStart += 1 }
                while tokenEnd > tokenStart, value[tokenEnd - 1] == UInt8(ascii: " ") || value[tokenEnd - 1] == UInt8(ascii: "\t") { tokenEnd -= 1 }
                let token = UnsafeRawBufferPointer(rebasing: value[tokenStart..<tokenEnd])
                if Name.equalsIgnoringCase(token, "close") { close = true }
                if Name.equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
                start = end + 1
            }
        }
    }
}
