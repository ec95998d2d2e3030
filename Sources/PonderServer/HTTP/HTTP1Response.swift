import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Writes the router's response to an HTTP/1 connection: head, then body.
enum HTTP1Response {
    /// A body of known length goes out with the head in one flush; a streamed body (no length: server-sent
    /// events) has its head flushed at once, so the client sees the status before the first event, and is
    /// framed in chunks. HTTP/1.0 has no chunked framing, so a streamed answer to it ends by closing the
    /// connection. Returns whether the connection must close once the response is out: the client asked
    /// for that, the stream's end is the close, or the body failed part-way and cannot be ended properly.
    static func write(_ response: Response, to channel: any Channel, version: HTTPVersion, keepAlive: Bool, isHEAD: Bool = false) async -> Bool {
        var response = response
        response.headers[.date] = HTTPDate.now()
        let streams = response.body.contentLength == nil
        let isHTTP10 = version.major == 1 && version.minor == 0
        let closesAfter = !keepAlive || (streams && isHTTP10)
        if closesAfter {
            response.headers[.connection] = "close"
        } else if isHTTP10 {
            response.headers[.connection] = "keep-alive"
        }
        // RFC 9110 §9.3.2, RFC 9112 §6.3: an answer to HEAD, and a 1xx, 204 or 304, ends with its head;
        // a 1xx or 204 has no length either (Hummingbird sets one for every body whose length it knows).
        let headOnly = isHEAD || !mayHaveBody(response.status)
        if response.status.code < 200 || response.status.code == 204 { response.headers[.contentLength] = nil }
        let chunked = streams && !isHTTP10 && !headOnly
        let head = HTTP1ResponseHead.bytes(
            version: version, status: response.status, fields: response.headers, chunked: chunked, allocator: channel.allocator)
        if headOnly {
            channel.writeAndFlush(head, promise: nil)
            return closesAfter
        }
        if streams {
            channel.writeAndFlush(head, promise: nil)
        } else {
            channel.write(head, promise: nil)
        }
        do {
            try await response.body.write(ChannelResponseBodyWriter(channel: channel, streams: streams, chunked: chunked))
            return closesAfter
        } catch {
            return true
        }
    }

    private static func mayHaveBody(_ status: HTTPResponse.Status) -> Bool {
        status.code >= 200 && status.code != 204 && status.code != 304
    }
}
