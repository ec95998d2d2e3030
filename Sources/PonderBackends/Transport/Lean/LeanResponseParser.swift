import NIOCore

/// Reads one HTTP/1.x response at a time off a connection's bytes, for the lean client.
///
/// It replaces NIO's decoder for the non-streaming exchanges the lean client runs. That one builds a
/// head with every header as strings and hands the body on in parts, each a trip through the channel
/// pipeline, and it keeps each read buffer, so every read allocates a fresh one. Here the head is
/// checked in place, its header lines kept as bytes, and a response that came in one read (the usual
/// case) has as its body a slice of that read, nothing copied (`HTTP1ByteReader`, which also gathers
/// bytes arriving in pieces; `HTTP1BodyReader` reads the body's framing); heads and chunk lines have caps.
struct LeanResponseParser {
    /// A head, or the trailer fields of a chunked body, longer than this is refused: far beyond any a model server sends.
    static let headLimit = 64 << 10
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
        case body(HTTP1BodyReader)
        case untilClose
    }

    private let bodyLimit: Int
    private let requestHadNoBody: Bool
    private var state = State.head
    private var reader = HTTP1ByteReader(lineEnds: .crlfOrBareLF)
    private var interimResponses = 0
    private var head: LeanResponseHead?
    /// The body so far: a slice of the read it came in when it came whole, else gathered in a buffer of its own.
    private var body: ByteBuffer?

    /// `bodyLimit`: a body past it fails the exchange. `requestHadNoBody`: the request was a HEAD,
    /// whose response has a head only.
    init(bodyLimit: Int, requestHadNoBody: Bool) {
        self.bodyLimit = bodyLimit
        self.requestHadNoBody = requestHadNoBody
    }

    /// Takes the bytes of one read; the response once it is complete, nil while more is needed.
    mutating func consume(_ bytes: ByteBuffer) throws(LeanHTTPError) -> Response? {
        reader.append(bytes)
        return try advance()
    }

    /// The server closed the connection: the response, if its body was framed by the close.
    mutating func connectionClosed() -> Response? {
        guard case .untilClose = state, let head else { return nil }
        var body = self.body ?? ByteBuffer()
        var rest = reader.readAll()
        body.writeBuffer(&rest)
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
                    state = .body(HTTP1BodyReader(.length(length), trailerLimit: Self.headLimit))
                case .chunked:
                    state = .body(HTTP1BodyReader(.chunked, trailerLimit: Self.headLimit))
                case .untilClose:
                    state = .untilClose
                }
            case .body(var framed):
                let event = try LeanHTTPError.response { () throws(HTTP1SyntaxError) in try framed.next(from: &reader) }
                guard framed.announced <= bodyLimit else { throw LeanHTTPError.responseTooLarge(limit: bodyLimit) }
                state = .body(framed)
                switch event {
                case nil:
                    return nil
                case .end:
                    return finish(body: body ?? ByteBuffer())
                case .part(var part):
                    if body == nil, case .length = head?.framing, framed.hasReadAllAnnounced {
                        body = part  // the whole body came in one read
                    } else {
                        // A body in pieces: gathered, so the read buffers can be reused.
                        try append(&part, expecting: framed.announced - (body?.readableBytes ?? 0))
                    }
                }
            case .untilClose:
                guard reader.readableBytes > 0 else { return nil }
                var bytes = reader.readAll()
                try append(&bytes)
                return nil
            }
        }
    }

    /// The next complete head, consumed; nil while its blank line has not arrived.
    private mutating func readHead() throws(LeanHTTPError) -> LeanResponseHead? {
        guard let headBytes = try LeanHTTPError.response({ () throws(HTTP1SyntaxError) in try reader.readHead(limit: Self.headLimit) })
        else { return nil }
        return try LeanResponseHead.parse(headBytes, requestHadNoBody: requestHadNoBody)
    }

    /// Adds to the gathered body; `expecting`: the bytes the framing has announced and not yet given.
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
        let leftover = reader.readableBytes > 0
        self = LeanResponseParser(bodyLimit: bodyLimit, requestHadNoBody: requestHadNoBody)
        return Response(head: head, body: body, reusable: head.keepAlive && !leftover)
    }
}
