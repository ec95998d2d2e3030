import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Writes the router's response to an HTTP/1 connection: head, body, end.
enum HTTP1Response {
    /// A body of known length goes out with the head in one flush; a streamed body (no length: server-sent
    /// events) has its head flushed at once, so the client sees the status before the first event. HTTP/1.0
    /// has no chunked framing, so a streamed answer to it ends by closing the connection. A body that fails
    /// part-way cannot be ended properly, so the connection is closed.
    static func write(_ response: Response, to channel: any Channel, version: HTTPVersion, keepAlive: Bool) async {
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
        let head = HTTPServerResponsePart.head(
            HTTPResponseHead(
                version: version,
                status: HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase),
                headers: HTTPHeaders(fields: response.headers)))
        if streams {
            channel.writeAndFlush(head, promise: nil)
        } else {
            channel.write(head, promise: nil)
        }
        do {
            try await response.body.write(ChannelResponseBodyWriter(channel: channel, streams: streams, closesAfter: closesAfter))
        } catch {
            channel.close(promise: nil)
        }
    }
}
