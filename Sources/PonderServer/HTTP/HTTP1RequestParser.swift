import NIOCore
import NIOHTTP1
import PonderBackends

/// Reads the requests of a connection off its bytes, one event at a time: a request's head, the parts
/// of its body as they arrive, its end.
///
/// In place of NIO's `HTTPRequestDecoder`, which costs a trip through a C parser's callbacks and a
/// channel handler per part: a request that came in one read (the usual case) is read in place, its
/// body a slice of that read. Pipelined requests come one after another from the same bytes. Lines end
/// in CRLF only (see `HTTP1ByteReader.LineEnds.crlfOnly`). Once bytes are found not to be HTTP/1.x, the
/// parser refuses them and takes nothing more.
struct HTTP1RequestParser {
    enum Event: Equatable {
        /// `bodyLength`: the length its framing declares (0 for none), nil for a chunked body.
        case head(HTTPRequestHead, bodyLength: Int?)
        case body(ByteBuffer)
        case end
    }

    /// A head, or a chunked body's trailer fields, longer than this is refused (400): far beyond any client's.
    static let headLimit = 64 << 10

    private enum State {
        case head
        case body(HTTP1BodyReader)
        case end
        case failed
    }

    private var state = State.head
    private var reader = HTTP1ByteReader(lineEnds: .crlfOnly)

    /// Takes the bytes of one read; dropped once the parser has failed.
    mutating func append(_ bytes: ByteBuffer) {
        if case .failed = state { return }
        reader.append(bytes)
    }

    /// Whether bytes of a request have come that do not yet make the whole request.
    var isWithinARequest: Bool {
        switch state {
        case .head: reader.readableBytes > 0
        case .failed: false
        default: true
        }
    }

    /// The next event the bytes so far make, nil until more arrive. A syntax error is thrown once; the
    /// parser then has failed, and gives nothing more.
    mutating func next() throws(HTTP1SyntaxError) -> Event? {
        do {
            return try advance()
        } catch {
            state = .failed
            reader = HTTP1ByteReader(lineEnds: .crlfOnly)
            throw error
        }
    }

    private mutating func advance() throws(HTTP1SyntaxError) -> Event? {
        switch state {
        case .head:
            reader.dropLeadingLineBreaks()
            guard let bytes = try reader.readHead(limit: Self.headLimit) else { return nil }
            let (head, framing) = try HTTP1RequestHeadParser.parse(bytes)
            guard let framing else {
                state = .end
                return .head(head, bodyLength: 0)
            }
            state = .body(HTTP1BodyReader(framing, trailerLimit: Self.headLimit))
            if case .length(let length) = framing { return .head(head, bodyLength: length) }
            return .head(head, bodyLength: nil)
        case .body(var body):
            let event = try body.next(from: &reader)
            state = event == .end ? .head : .body(body)
            return event.map {
                switch $0 {
                case .part(let part): .body(part)
                case .end: .end
                }
            }
        case .end:
            state = .head
            return .end
        case .failed:
            return nil
        }
    }
}
