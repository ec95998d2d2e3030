import NIOCore

/// The bytes an HTTP/1.x connection has received and not yet consumed, read the ways both the lean
/// client (responses) and the daemon (requests) read them: a head up to its blank line, a line, a
/// slice of a body.
///
/// A message that came in one read is read in place: its head and body are slices of that read,
/// nothing copied. Bytes arriving in pieces are gathered first; the end of a head or a line is looked
/// for only in bytes not scanned before, so a peer dribbling bytes costs linear time, and heads and
/// lines have caps the caller sets.
public struct HTTP1ByteReader: Sendable {
    /// What ends a line.
    public enum LineEnds: Sendable {
        /// CRLF only: any bare LF is refused. For requests, which the daemon may get through a proxy:
        /// a proxy that let a bare LF through inside a field would end the message elsewhere than the
        /// daemon does (RFC 9112 §2.2 lets a recipient accept it; it need not).
        case crlfOnly
        /// CRLF, or a bare LF as RFC 9112 §2.2 lets a recipient accept: for the responses of model servers.
        case crlfOrBareLF
    }

    private let lineEnds: LineEnds
    /// Bytes received and not yet consumed.
    private var pending = ByteBuffer()
    /// How far into `pending` the end of the head, or of a line, was already looked for.
    private var scanned = 0

    public init(lineEnds: LineEnds) {
        self.lineEnds = lineEnds
    }

    /// Bytes received and not yet consumed.
    public var readableBytes: Int { pending.readableBytes }

    /// Takes the bytes of one read.
    public mutating func append(_ bytes: ByteBuffer) {
        if pending.readableBytes == 0 {
            pending = bytes
        } else {
            var bytes = bytes
            pending.writeBuffer(&bytes)
        }
    }

    /// The next complete head (its lines through the blank one that ends it), consumed; nil while its
    /// blank line has not arrived. A head longer than `limit` bytes is refused, whole or not.
    public mutating func readHead(limit: Int) throws(HTTP1SyntaxError) -> ByteBuffer? {
        let from = scanned
        let bareLineFeeds = lineEnds == .crlfOrBareLF
        let found = pending.withUnsafeReadableBytes { raw -> HeadScan in
            var index = from
            while index < raw.count {
                guard let newline = raw[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                    index = raw.count
                    break
                }
                if !bareLineFeeds, newline == 0 || raw[newline - 1] != UInt8(ascii: "\r") { return .bareLineFeed }
                // A head ends at a line break followed by CRLF (or a bare LF, where one may end a line).
                let next = newline + 1
                if next < raw.count, raw[next] == UInt8(ascii: "\n") { return bareLineFeeds ? .end(next + 1) : .bareLineFeed }
                if next + 1 < raw.count, raw[next] == UInt8(ascii: "\r"), raw[next + 1] == UInt8(ascii: "\n") { return .end(next + 2) }
                if next + 1 >= raw.count {
                    // Too few bytes after this break to tell: look again from it next time.
                    index = newline
                    break
                }
                index = next
            }
            scanned = index
            return .incomplete
        }
        let end: Int?
        switch found {
        case .end(let at): end = at
        case .incomplete: end = nil
        case .bareLineFeed: throw Self.bareLineFeed
        }
        guard let end else {
            guard pending.readableBytes <= limit else { throw Self.headTooLong(limit) }
            return nil
        }
        guard end <= limit else { throw Self.headTooLong(limit) }
        scanned = 0
        defer { releaseIfConsumed() }
        return pending.readSlice(length: end)!
    }

    /// Lets go of a read buffer whose bytes are all consumed, so that the channel can reuse it for the
    /// next read unless a slice of it is still held.
    private mutating func releaseIfConsumed() {
        if pending.readableBytes == 0 { pending = ByteBuffer() }
    }

    private enum HeadScan {
        case end(Int)
        case incomplete
        case bareLineFeed
    }

    private static let bareLineFeed = HTTP1SyntaxError("a line that ends in a bare LF")

    private static func headTooLong(_ limit: Int) -> HTTP1SyntaxError {
        HTTP1SyntaxError("the head is longer than \(limit >> 10) KiB")
    }

    /// The next line without its line break, consumed; nil until the break arrives. A line of more than
    /// `limit` bytes is refused.
    public mutating func readLine(limit: Int) throws(HTTP1SyntaxError) -> ByteBuffer? {
        let view = pending.readableBytesView
        guard let newline = view[(view.startIndex + min(scanned, view.count))...].firstIndex(of: UInt8(ascii: "\n")) else {
            guard pending.readableBytes <= limit + 1 else { throw HTTP1SyntaxError("a chunk or trailer line is too long") }
            scanned = pending.readableBytes
            return nil
        }
        scanned = 0
        let length = newline - pending.readerIndex
        guard length <= limit + 1 else { throw HTTP1SyntaxError("a chunk or trailer line is too long") }
        var line = pending.readSlice(length: length)!
        pending.moveReaderIndex(forwardBy: 1)
        releaseIfConsumed()
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        } else if lineEnds == .crlfOnly {
            throw Self.bareLineFeed
        }
        return line
    }

    /// Up to `count` of the bytes received, consumed; nil when there are none.
    public mutating func readSlice(upTo count: Int) -> ByteBuffer? {
        let length = min(count, pending.readableBytes)
        guard length > 0 else { return nil }
        defer { releaseIfConsumed() }
        return pending.readSlice(length: length)
    }

    /// Every byte received and not yet consumed.
    public mutating func readAll() -> ByteBuffer {
        scanned = 0
        defer { pending = ByteBuffer() }
        return pending
    }

    /// Drops the empty lines in front of a message, which RFC 9112 §2.2 asks a server to ignore before a
    /// request line; for a reader at a message's start.
    public mutating func dropLeadingLineBreaks() {
        let start = pending.readerIndex
        while let byte = pending.getInteger(at: pending.readerIndex, as: UInt8.self) {
            if byte == UInt8(ascii: "\n"), lineEnds == .crlfOrBareLF {
                pending.moveReaderIndex(forwardBy: 1)
            } else if byte == UInt8(ascii: "\r"), pending.getInteger(at: pending.readerIndex + 1, as: UInt8.self) == UInt8(ascii: "\n") {
                pending.moveReaderIndex(forwardBy: 2)
            } else {
                break
            }
        }
        // What was scanned is counted from the bytes just dropped.
        if pending.readerIndex != start { scanned = 0 }
        releaseIfConsumed()
    }

    /// A chunk-size line: hex digits, then optionally extensions after `;` (white space may stand before
    /// it), which are ignored but may hold no control character save tab (RFC 9112 §7.1.1).
    public static func chunkSize(_ line: ByteBuffer) throws(HTTP1SyntaxError) -> Int {
        let malformed = HTTP1SyntaxError("a malformed chunk size")
        let bytes = line.readableBytesView
        var index = bytes.startIndex
        var size = 0
        var significant = 0
        while index < bytes.endIndex, let value = hexValue(bytes[index]) {
            if significant > 0 || value > 0 { significant += 1 }
            // Fifteen hex digits is beyond any body; stopping there keeps the arithmetic from overflowing.
            guard significant <= 15 else { throw HTTP1SyntaxError("a chunk size too large to be real") }
            size = size * 16 + value
            index += 1
        }
        guard index > bytes.startIndex else { throw malformed }
        let sizeEnd = index
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        if index == bytes.endIndex {
            // White space may only lead to extensions.
            guard index == sizeEnd else { throw malformed }
            return size
        }
        guard bytes[index] == UInt8(ascii: ";"), bytes[(index + 1)...].allSatisfy(HTTPFieldSyntax.isValueByte) else { throw malformed }
        return size
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
