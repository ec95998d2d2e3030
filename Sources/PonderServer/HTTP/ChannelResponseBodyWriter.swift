import HTTPTypes
import Hummingbird
import NIOCore

/// Writes a streamed response body straight to its connection (see `HTTP1Response`), in HTTP/1.1
/// chunked framing (HTTP/1.0 has none: the body then ends with the connection). Each piece is flushed
/// and waits until it is handed to the socket, so a slow reader slows the writer and a closed
/// connection fails it.
struct ChannelResponseBodyWriter: ResponseBodyWriter {
    let channel: any Channel
    /// Each piece framed as a chunk, ended by a zero-length chunk.
    let chunked: Bool

    mutating func write(_ buffer: ByteBuffer) async throws {
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
