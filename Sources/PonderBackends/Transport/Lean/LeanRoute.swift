import NIOCore
import NIOHTTP1

/// A request sent again and again with only its body changing (one API route of one replica): the head
/// up to the body's length is written and checked once, and the host's pool is found once, so a call
/// costs its body and one buffer for the wire.
///
/// ```swift
/// let route = try client.route(method: .POST, url: LeanURL("http://127.0.0.1:8080/v1/chat/completions")!,
///                              headers: ["Content-Type": "application/json"])
/// let response = try await client.execute(route, body: Array(#"{"model":"m"}"#.utf8), deadline: .now() + .seconds(10))
/// ```
public struct LeanRoute: Sendable {
    let method: HTTPMethod
    let pool: LeanHostPool
    /// Request line, headers and `Host`, then `Content-Length: `.
    let headPrefix: [UInt8]

    init(method: HTTPMethod, url: LeanURL, headers: HTTPHeaders, pool: LeanHostPool) throws(LeanHTTPError) {
        self.method = method
        self.pool = pool
        let head = try LeanRequest(method: method, url: url, headers: headers).headBytes(hostHeader: pool.hostHeader)
        self.headPrefix = Array(head.readableBytesView) + Array("\r\nContent-Length: ".utf8)
    }

    /// The whole request for `body`, in one buffer.
    func wireBytes(body: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var bytes = allocator.buffer(capacity: headPrefix.count + 24 + body.count)
        bytes.writeBytes(headPrefix)
        bytes.writeDecimalDigits(body.count)
        bytes.writeStaticString("\r\n\r\n")
        bytes.writeBytes(body)
        return bytes
    }
}
