import NIOCore
import NIOHTTP1

/// Whole requests that arrived on a connection while an earlier one was being answered (HTTP/1.1
/// pipelining), answered in order. Few are held: past `limit` the connection stops reading, so a
/// client cannot make the daemon hold an unbounded number of bodies.
struct PipelinedRequests {
    struct Request {
        let head: HTTPRequestHead
        let body: ByteBuffer
    }

    static let limit = 2
    private var waiting = CircularBuffer<Request>(initialCapacity: 2)

    var isEmpty: Bool { waiting.isEmpty }
    var isFull: Bool { waiting.count >= Self.limit }

    mutating func append(_ request: Request) { waiting.append(request) }
    mutating func next() -> Request? { waiting.popFirst() }
    mutating func removeAll() { waiting.removeAll() }
}
