import HTTPTypes
import NIOCore
import NIOHTTP1

/// The bytes of an HTTP/1 response head, written straight into a buffer.
///
/// The header fields come from `HTTPFields`, which validated names and values when they were set, so
/// they are copied as they are; NIO's response encoder would first turn them into `HTTPHeaders` and
/// then write those.
enum HTTP1ResponseHead {
    static func bytes(
        version: HTTPVersion, status: HTTPResponse.Status, fields: HTTPFields, chunked: Bool, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        buffer.writeStaticString("HTTP/")
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: min(max(version.major, 0), 9)))
        buffer.writeInteger(UInt8(ascii: "."))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: min(max(version.minor, 0), 9)))
        buffer.writeInteger(UInt8(ascii: " "))
        let code = status.code
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code / 100 % 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code / 10 % 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code % 10))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        writeLines(fields, into: &buffer)
        if chunked { buffer.writeStaticString("Transfer-Encoding: chunked\r\n") }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// One `name: value` line per field (a head's header lines, or a chunked body's trailer lines).
    static func writeLines(_ fields: HTTPFields, into buffer: inout ByteBuffer) {
        for field in fields {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
    }

    /// `100 Continue`: the client may send the body it announced.
    static let continueBytes = ByteBuffer(string: "HTTP/1.1 100 Continue\r\n\r\n")

    /// The answer to a request that could not be parsed; the connection closes after it.
    static let badRequestBytes = ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
}
