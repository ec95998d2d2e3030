import NIOCore

/// Reads the body of an HTTP/1.x message once its head is read, as its framing delimits it: a length,
/// or chunks (sizes, data, the last chunk, trailer fields). Used for the responses the lean client reads
/// and the requests the daemon reads, so there is one reading of chunked framing.
///
/// Parts come out as the bytes arrive, each a slice of what was received. Chunk-size lines and trailer
/// fields have caps; trailer fields are checked and skipped (nothing here acts on them).
public struct HTTP1BodyReader: Sendable {
    public enum Framing: Equatable, Sendable {
        case length(Int)
        case chunked
    }

    public enum Event: Equatable, Sendable {
        case part(ByteBuffer)
        case end
    }

    /// A chunk-size line (with any extensions) longer than this is refused.
    public static let chunkLineLimit = 4 << 10

    private enum State {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers(bytes: Int)
        case ended
    }

    private var state: State
    private let trailerLimit: Int
    /// The body bytes the framing has announced so far: the length, or the sizes of the chunks read up to now.
    public private(set) var announced: Int

    /// `trailerLimit`: the most bytes of trailer fields taken.
    public init(_ framing: Framing, trailerLimit: Int) {
        switch framing {
        case .length(let length):
            state = length > 0 ? .fixed(remaining: length) : .ended
            announced = length
        case .chunked:
            state = .chunkSize
            announced = 0
        }
        self.trailerLimit = trailerLimit
    }

    /// Whether every byte the framing announced so far has been read (for a length: the whole body).
    public var hasReadAllAnnounced: Bool {
        switch state {
        case .fixed, .chunkData: false
        default: true
        }
    }

    /// The next part of the body or its end, taken from `reader`; nil until more bytes arrive. After
    /// `.end` it stays at the end.
    public mutating func next(from reader: inout HTTP1ByteReader) throws(HTTP1SyntaxError) -> Event? {
        while true {
            switch state {
            case .fixed(let remaining):
                guard let part = reader.readSlice(upTo: remaining) else { return nil }
                let left = remaining - part.readableBytes
                state = left > 0 ? .fixed(remaining: left) : .ended
                return .part(part)
            case .chunkSize:
                guard let line = try reader.readLine(limit: Self.chunkLineLimit) else { return nil }
                let size = try HTTP1ByteReader.chunkSize(line)
                announced += size
                state = size > 0 ? .chunkData(remaining: size) : .trailers(bytes: 0)
            case .chunkData(let remaining):
                guard let part = reader.readSlice(upTo: remaining) else { return nil }
                let left = remaining - part.readableBytes
                state = left > 0 ? .chunkData(remaining: left) : .chunkEnd
                return .part(part)
            case .chunkEnd:
                guard let line = try reader.readLine(limit: 2) else { return nil }
                guard line.readableBytes == 0 else { throw HTTP1SyntaxError("a chunk longer than its size line said") }
                state = .chunkSize
            case .trailers(let bytes):
                guard let line = try reader.readLine(limit: trailerLimit) else { return nil }
                let total = bytes + line.readableBytes + 2
                guard total <= trailerLimit else { throw HTTP1SyntaxError("the trailer fields are too long") }
                guard line.readableBytes > 0 else {
                    state = .ended
                    continue
                }
                try line.withUnsafeReadableBytes { raw throws(HTTP1SyntaxError) in _ = try HTTP1HeaderLines.split(raw) }
                state = .trailers(bytes: total)
            case .ended:
                return .end
            }
        }
    }
}
