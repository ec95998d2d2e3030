import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Writes a response body straight to its connection (see `HTTP1Response`). A streamed body is flushed
/// piece by piece, and each write waits until the piece is handed to the socket, so a slow reader slows
/// the writer and a closed connection fails it.
struct ChannelResponseBodyWriter: ResponseBodyWriter {
    let channel: any Channel
    let streams: Bool
    /// Close the connection once the response is written (`Connection: close`, or a stream to HTTP/1.0).
    let closesAfter: Bool

    mutating func write(_ buffer: ByteBuffer) async throws {
        let part = HTTPServerResponsePart.body(.byteBuffer(buffer))
        if streams {
            try await channel.writeAndFlush(part).get()
        } else {
            channel.write(part, promise: nil)
        }
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { try await write(buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        let end = HTTPServerResponsePart.end(trailingHeaders.map { HTTPHeaders(fields: $0) })
        guard closesAfter else { return channel.writeAndFlush(end, promise: nil) }
        let channel = self.channel
        channel.writeAndFlush(end).whenComplete { _ in channel.close(promise: nil) }
    }
}
