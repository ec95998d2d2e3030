import NIOCore

/// Reads one HTTP/1.x response at a time off a connection's bytes, for the lean client.
///
/// It replaces NIO's decoder for the non-streaming exchanges the lean client runs. That one builds a
/// head with every header as strings and hands the body on in parts, each a trip through the channel
/// pipeline, and it keeps each read buffer, so every read allocates a fresh one. Here the head is
/// checked in place, its header lines kept as bytes, and a response that came in one read (the usual
/// case) has as its body a slice of that read, nothing copied. Bytes arriving in pieces are gathered
/// first; a head is looked for only in bytes not scanned before, so a server dribbling bytes costs
/// linear time, and heads and chunk lines have caps of their own.
struct LeanResponseParser {
    /// A head longer than this is refused: far beyond any a model server sends.
    static let headLimit = 64 << 10
    /// A chunk-size line (with any extensions) longer than this is refused.
    static let chunkLineLimit = 4 << 10
    /// Interim (1xx) responses skipped before one more is refused.
    static let interimLimit = 8

    struct Response {
        var head: LeanResponseHead
        var body: ByteBuffer
        /// The head allows reuse and nothing followed the response.
        var reusable: Bool
    }

    private enum State {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers
        case untilClose
    }

    private let bodyLimit: Int
    private let requestHadNoBody: Bool
    private var state = State.head
    /// Bytes received and not yet consumed.
    private var pending: ByteBuffer?
    /// How far into `pending` the end of the head, or of a line, was already looked for.
    private var scanned = 0
    private var interimResponses = 0
    private var head: LeanResponseHead?
    /// The body gathered so far, for a body that came in more than one read or in chunks.
    private var body: ByteBuffer?
    private var trailerBytes = 0

    /// `bodyLimit`: a body past it fails the exchange. `requestHadNoBody`: the request was a HEAD,
    /// whose response has a head only.
    init(bodyLimit: Int, requestHadNoBody: Bool) {
        self.bodyLimit = bodyLimit
        self.requestHadNoBody = requestHadNoBody
    }

    /// Takes the bytes of one read; the response once it is complete, nil while more is needed.
    mutating func consume(_ bytes: ByteBuffer) throws(LeanHTTPError) -> Response? {
        if pending == nil || pending!.readableBytes == 0 {
            pending = bytes
        } else {
            var bytes = bytes
            pending!.writeBuffer(&bytes)
        }
        return try advance()
    }

    /// The server closed the connection: the response, if its body was framed by the close.
    mutating func connectionClosed() -> Response? {
        guard case .untilClose = state, let head else { return nil }
        var body = self.body ?? ByteBuffer()
        if var rest = pending { body.writeBuffer(&rest) }
        return Response(head: head, body: body, reusable: false)
    }

    private mutating func advance() throws(LeanHTTPError) -> Response? {
        while true {
            switch state {
            case .head:
                guard let head = try readHead() else { return nil }
                if head.status == 101 {
                    throw LeanHTTPError.invalidResponse(detail: "the server switched protocols, which no request asked for")
                }
                if (100...199).contains(head.status) {
                    // An interim response; the real one follows.
                    interimResponses += 1
                    guard interimResponses <= Self.interimLimit else {
                        throw LeanHTTPError.invalidResponse(detail: "more than \(Self.interimLimit) interim responses")
                    }
                    continue
                }
                self.head = head
                switch head.framing {
                case .none:
                    return finish(body: ByteBuffer())
                case .length(let length):
                    guard length <= bodyLimit else { throw LeanHTTPError.responseTooLarge(limit: bodyLimit) }
                    state = .fixed(remaining: length)
                case .chunked:
                    state = .chunkSize
                case .untilClose:
                    state = .untilClose
                }
            case .fixed(let remaining):
                guard var bytes = pending, bytes.readableBytes >= remaining else {
                    // A body in pieces: gathered, so the read buffers can be reused.
                    if var bytes = pending, bytes.readableBytes > 0 {
                        let count = bytes.readableBytes
                        try append(&bytes, expecting: remaining)
                        state = .fixed(remaining: remaining - count)
                        pending = nil
                    }
                    return nil
                }
                var slice = bytes.readSlice(length: remaining)!
                pending = bytes
                if body != nil {
                    try append(&slice)
                    return finish(body: body!)
                }
                return finish(body: slice)
            case .chunkSize:
                guard let line = try readLine(limit: Self.chunkLineLimit) else { return nil }
                let size = try Self.chunkSize(line)
                if size == 0 {
                    trailerBytes = 0
                    state = .trailers
                } else {
                    guard size <= bodyLimit - (body?.readableBytes ?? 0) else { throw LeanHTTPError.responseTooLarge(limit: bodyLimit) }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard var bytes = pending, bytes.readableBytes > 0 else { return nil }
                let count = min(remaining, bytes.readableBytes)
                var slice = bytes.readSlice(length: count)!
                pending = bytes
                try append(&slice)
                state = remaining > count ? .chunkData(remaining: remaining - count) : .chunkEnd
            case .chunkEnd:
                guard let line = try readLine(limit: 2) else { return nil }
                guard line.readableBytes == 0 else {
                    throw LeanHTTPError.invalidResponse(detail: "a chunk longer than its size line said")
                }
                state = .chunkSize
            case .trailers:
                guard let line = try readLine(limit: Self.headLimit) else { return nil }
                trailerBytes += line.readableBytes + 2
                guard trailerBytes <= Self.headLimit else { throw LeanHTTPError.invalidResponse(detail: "the trailer fields are too long") }
                if line.readableBytes == 0 { return finish(body: body ?? ByteBuffer()) }
            case .untilClose:
                guard var bytes = pending else { return nil }
                try append(&bytes)
                pending = nil
                return nil
            }
        }
    }

    /// The next complete head in `pending`, consumed; nil while its blank line has not arrived.
    private mutating func readHead() throws(LeanHTTPError) -> LeanResponseHead? {
        guard var bytes = pending else { return nil }
        let end = bytes.withUnsafeReadableBytes { raw -> Int? in
            var index = scanned
            while index < raw.count {
                guard let newline = raw[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                    index = raw.count
                    break
                }
                // A head ends at a line break followed by CRLF or a bare LF.
                let next = newline + 1
                if next < raw.count, raw[next] == UInt8(ascii: "\n") { return next + 1 }
                if next + 1 < raw.count, raw[next] == UInt8(ascii: "\r"), raw[next + 1] == UInt8(ascii: "\n") { return next + 2 }
                if next + 1 >= raw.count {
                    // Too few bytes after this break to tell: look again from it next time.
                    index = newline
                    break
                }
                index = next
            }
            scanned = index
            return nil
        }
        guard let end else {
            guard bytes.readableBytes <= Self.headLimit else { throw LeanHTTPError.invalidResponse(detail: "the response head is longer than 64 KiB") }
            return nil
        }
        guard end <= Self.headLimit else { throw LeanHTTPError.invalidResponse(detail: "the response head is longer than 64 KiB") }
        let headBytes = bytes.readSlice(length: end)!
        pending = bytes
        scanned = 0
        return try LeanResponseHead.parse(headBytes, requestHadNoBody: requestHadNoBody)
    }

    /// The next line of `pending` without its line break, consumed; nil until the break arrives. Bytes
    /// already searched are not searched again, so a line dribbled a byte at a time costs linear time.
    private mutating func readLine(limit: Int) throws(LeanHTTPError) -> ByteBuffer? {
        guard var bytes = pending else { return nil }
        let view = bytes.readableBytesView
        guard let newline = view[(view.startIndex + min(scanned, view.count))...].firstIndex(of: UInt8(ascii: "\n")) else {
            guard bytes.readableBytes <= limit + 1 else { throw LeanHTTPError.invalidResponse(detail: "a chunk or trailer line is too long") }
            scanned = bytes.readableBytes
            return nil
        }
        scanned = 0
        let length = newline - bytes.readerIndex
        guard length <= limit + 1 else { throw LeanHTTPError.invalidResponse(detail: "a chunk or trailer line is too long") }
        var line = bytes.readSlice(length: length)!
        bytes.moveReaderIndex(forwardBy: 1)
        pending = bytes
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }

    /// A chunk-size line: hex digits, then optionally white space and `;` with extensions, which are ignored.
    private static func chunkSize(_ line: ByteBuffer) throws(LeanHTTPError) -> Int {
        var size = 0
        var digits = 0
        var significant = 0
        var afterDigits = false
        for byte in line.readableBytesView {
            if afterDigits {
                // Only white space may stand between the size and its extensions.
                if byte == UInt8(ascii: ";") { break }
                guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") else {
                    throw LeanHTTPError.invalidResponse(detail: "a malformed chunk size")
                }
                continue
            }
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { throw LeanHTTPError.invalidResponse(detail: "a malformed chunk size") }
                if byte == UInt8(ascii: ";") { return size }
                afterDigits = true
                continue
            default:
                throw LeanHTTPError.invalidResponse(detail: "a malformed chunk size")
            }
            digits += 1
            if significant > 0 || value > 0 { significant += 1 }
            // Fifteen hex digits is beyond any body; stopping there keeps the arithmetic from overflowing.
            guard significant <= 15 else { throw LeanHTTPError.invalidResponse(detail: "a chunk size too large to be real") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw LeanHTTPError.invalidResponse(detail: "a malformed chunk size") }
        return size
    }

    /// Adds to the gathered body; `expecting`: the bytes still to come, when the framing says.
    private mutating func append(_ bytes: inout ByteBuffer, expecting: Int? = nil) throws(LeanHTTPError) {
        guard (body?.readableBytes ?? 0) + bytes.readableBytes <= bodyLimit else { throw LeanHTTPError.responseTooLarge(limit: bodyLimit) }
        if body == nil {
            // A copy of its own, so the read buffer it came in can be reused for the next read.
            // Room for the declared length up to 1 MiB; beyond that the buffer grows as bytes come.
            var copy = ByteBufferAllocator().buffer(capacity: max(bytes.readableBytes, min(expecting ?? 0, 1 << 20)))
            copy.writeBuffer(&bytes)
            body = copy
        } else {
            body!.writeBuffer(&bytes)
        }
    }

    /// The response is complete: the parser is ready for the next one.
    private mutating func finish(body: ByteBuffer) -> Response {
        let head = self.head!
        let leftover = pending.map { $0.readableBytes > 0 } ?? false
        self = LeanResponseParser(bodyLimit: bodyLimit, requestHadNoBody: requestHadNoBody)
        return Response(head: head, body: body, reusable: head.keepAlive && !leftover)
    }
}
