import NIOCore

/// Splits a server-sent event stream into the `data` payload of each event, incrementally.
///
/// Bytes arrive in arbitrary chunks; events end at a blank line (`\n\n` or `\r\n\r\n`). Multi-line
/// data is joined with `\n`; comment lines (`:`) and other fields are skipped. The payload is returned
/// as a slice of the buffered bytes, without copying.
struct ServerSentEventParser {
    private var buffer = ByteBuffer()
    private var scanned = 0

    mutating func append(_ chunk: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = chunk
            scanned = 0
        } else {
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
    }

    /// The data of the next complete event, or nil when no complete event is buffered.
    mutating func nextEventData() -> ByteBuffer? {
        while let (eventEnd, separatorLength) = findEventEnd() {
            let event = buffer.readSlice(length: eventEnd)!
            buffer.moveReaderIndex(forwardBy: separatorLength)
            scanned = 0
            if let data = Self.data(of: event) { return data }
        }
        if buffer.readerIndex > 4096 { buffer.discardReadBytes() }
        return nil
    }

    /// Whatever event is left when the stream ends without a final blank line.
    mutating func finish() -> ByteBuffer? {
        guard buffer.readableBytes > 0, let event = buffer.readSlice(length: buffer.readableBytes) else { return nil }
        return Self.data(of: event)
    }

    private mutating func findEventEnd() -> (Int, Int)? {
        let found: (Int, Int)? = buffer.withUnsafeReadableBytes { bytes in
            var index = max(0, scanned - 3)
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\n") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return (index, 2) }
                    if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"),
                        bytes[index + 2] == UInt8(ascii: "\n")
                    {
                        return (index, 3)  // CRLF CRLF; the line's own CR is stripped in `data(of:)`
                    }
                }
                index += 1
            }
            return nil
        }
        if found == nil { scanned = buffer.readableBytes }
        return found
    }

    /// The joined `data:` lines of one event, or nil if it has none.
    static func data(of event: ByteBuffer) -> ByteBuffer? {
        var event = event
        var result: ByteBuffer?
        while event.readableBytes > 0 {
            let lineLength = event.withUnsafeReadableBytes { $0.firstIndex(of: UInt8(ascii: "\n")) } ?? event.readableBytes
            var line = event.readSlice(length: lineLength)!
            if event.readableBytes > 0 { event.moveReaderIndex(forwardBy: 1) }
            if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
                line.moveWriterIndex(to: line.writerIndex - 1)
            }
            guard line.readableBytes >= 5, line.getString(at: line.readerIndex, length: 5) == "data:" else { continue }
            line.moveReaderIndex(forwardBy: 5)
            if line.getInteger(at: line.readerIndex, as: UInt8.self) == UInt8(ascii: " ") {
                line.moveReaderIndex(forwardBy: 1)
            }
            if result == nil {
                result = line
            } else {
                result!.writeInteger(UInt8(ascii: "\n"))
                result!.writeBuffer(&line)
            }
        }
        return result
    }
}
