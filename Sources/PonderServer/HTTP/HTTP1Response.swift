import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Writes a route's response to an HTTP/1 connection.
enum HTTP1Response {
    /// A whole body goes out in one buffer with its head, flushed once; a streamed body (no length:
    /// server-sent events) has its head flushed at once, so the client sees the status before the first
    /// event, and is framed in chunks. HTTP/1.0 has no chunked framing, so a streamed answer to it ends
    /// by closing the connection. Returns whether the connection must close once the response is out:
    /// the client asked for that, the stream's end is the close, or the body failed part-way and cannot
    /// be ended properly.
    static func write(_ response: DaemonResponse, to channel: any Channel, version: HTTPVersion, keepAlive: Bool, isHEAD: Bool = false) async -> Bool {
        let whole: ByteBuffer? = if case .whole(let body) = response.body { body } else { nil }
        let streams = whole == nil
        let isHTTP10 = version.major == 1 && version.minor == 0
        let closesAfter = !keepAlive || (streams && isHTTP10)
        // RFC 9110 §9.3.2, RFC 9112 §6.3: an answer to HEAD, and a 1xx, 204 or 304, ends with its head;
        // a 1xx or 204 has no length either. A HEAD answer has the length its GET would have.
        let headOnly = isHEAD || !mayHaveBody(response.status)
        let hasNoLength = response.status.code < 200 || response.status.code == 204
        let chunked = streams && !isHTTP10 && !headOnly
        let framing = HTTP1ResponseHead.Framing(
            version: version, contentLength: hasNoLength ? nil : whole?.readableBytes,
            connection: closesAfter ? "close" : isHTTP10 ? "keep-alive" : nil, chunked: chunked, date: HTTPDate.now())
        var head = HTTP1ResponseHead.bytes(
            response, framing: framing, bodyCapacity: headOnly ? 0 : whole?.readableBytes ?? 0, allocator: channel.allocator)
        switch (response.body, headOnly) {
        case (_, true):
            channel.writeAndFlush(head, promise: nil)
        case (.whole(var body), false):
            head.writeBuffer(&body)
            channel.writeAndFlush(head, promise: nil)
        case (.stream(let body), false):
            channel.writeAndFlush(head, promise: nil)
            do {
                try await body.write(ChannelResponseBodyWriter(channel: channel, chunked: chunked))
            } catch {
                return true
            }
        }
        return closesAfter
    }

    private static func mayHaveBody(_ status: HTTPResponse.Status) -> Bool {
        status.code >= 200 && status.code != 204 && status.code != 304
    }
}
