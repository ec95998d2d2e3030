import NIOCore
import NIOHTTP1

/// The lines of an HTTP/1.x head, each without its line ending (CRLF, or a bare LF, which RFC 9112 §2.2
/// lets a recipient accept), up to the blank line that ends the head.
public struct HTTP1HeaderLines {
    private let raw: UnsafeRawBufferPointer
    /// Where the next line starts.
    public private(set) var offset = 0

    public init(_ raw: UnsafeRawBufferPointer) {
        self.raw = raw
    }

    /// The next line's byte range in `raw`, or nil at the blank line or the end.
    public mutating func next() -> Range<Int>? {
        guard offset < raw.count, let newline = raw[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var end = newline
        if end > offset, raw[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = offset..<end
        offset = newline + 1
        return line.isEmpty ? nil : line
    }

    /// A header line's name and its value without surrounding spaces and tabs. The name must be a token
    /// and the value free of control characters (a bare CR, a NUL).
    public static func split(_ line: UnsafeRawBufferPointer) throws(HTTP1SyntaxError) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        // A line that starts with white space continues the one before (obsolete folding): it is not a
        // token, so it is refused, as RFC 9112 §5.2 allows, rather than guessed at; so is a space before the colon.
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            line[..<colon].allSatisfy(HTTPFieldSyntax.isTokenByte), line[(colon + 1)...].allSatisfy(HTTPFieldSyntax.isValueByte)
        else {
            // Not quoted: the line may hold a credential, and the error may be logged.
            throw HTTP1SyntaxError("a malformed header line")
        }
        return (UnsafeRawBufferPointer(rebasing: line[..<colon]), trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...])))
    }

    /// `bytes` without the spaces and tabs around them.
    public static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Each element of a comma-separated field value, trimmed; empty elements too (an empty value is one).
    public static func forEachElement(of value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= value.count {
            let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.count
            body(trimmed(UnsafeRawBufferPointer(rebasing: value[start..<end])))
            start = end + 1
        }
    }

    /// The header lines of a head already checked, as NIO's headers.
    static func headers(_ lines: ByteBuffer) -> HTTPHeaders {
        lines.withUnsafeReadableBytes { raw in
            var headers = HTTPHeaders()
            var iterator = HTTP1HeaderLines(raw)
            while let line = iterator.next() {
                guard let (name, value) = try? split(UnsafeRawBufferPointer(rebasing: raw[line])) else { continue }
                headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
            }
            return headers
        }
    }
}
