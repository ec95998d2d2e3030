import HTTPTypes
import Hummingbird
import NIOCore

/// Writes a response body straight to its connection (see `HTTP1Response`), in HTTP/1.1 chunked
/// framing when the length is not known up front. A streamed body is flushed piece by piece, and each
/// write waits until the piece is handed to the socket, so a slow reader slows the writer and a closed
/// connection fails it.
struct ChannelResponseBodyWriter: ResponseBodyWriter {
    let channel: any Channel
    let streams: Bool
    /// Each piece framed as a chunk, ended by a zero-length chunk (HTTP/1.1 without a length).
    let chunked: Bool

    mutating func write(_ buffer: ByteBuffer) async throws {
        guard streams else { return channel.write(buffer, promise: nil) }
        guard chunked else { return try await channel.writeAndFlush(buffer).get() }
        guard buffer.readableBytes > 0 else { return }  // a zero-length chunk would end the body
        var chunk = channel.allocator.buffer(capacity: buffer.readableBytes + 20)
        chunk.writeString(String(buffer.readableBytes, radix: 16))
        chunk.writeStaticString("\r\n")
        var piece = buffer
        chunk.writeBuffer(&piece)
        chunk.writeStaticString("\r\n")
        try await channel.writeAndFlush(chunk).get()
    }

    mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
        for buffer in buffers { try await write(buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        guard chunked else { return channel.flush() }
        var end = channel.allocator.buffer(capacity: 64)
        end.writeStaticString("0\r\n")
        if let trailingHeaders { HTTP1ResponseHead.writeLines(trailingHeaders, into: &end) }
        end.writeStaticString("\r\n")
        channel.writeAndFlush(end, promise: nil)
    }
}
