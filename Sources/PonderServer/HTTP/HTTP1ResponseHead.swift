import HTTPTypes
import NIOCore
import NIOHTTP1

/// The bytes of an HTTP/1 response head, written straight into a buffer.
///
/// The fields are copied as they are: names and values were checked when they were made (an
/// `HTTPField` checks its own; the content type and the request id are the daemon's), so NIO's
/// response encoder, which would first turn them into `HTTPHeaders`, is not needed.
enum HTTP1ResponseHead {
    /// What goes in the head besides the response's own fields.
    struct Framing {
        var version: HTTPVersion
        var contentLength: Int?
        /// `Connection: close` or `keep-alive`, when the version's default is not what happens.
        var connection: StaticString?
        var chunked: Bool
        var date: String
    }

    /// `bodyCapacity`: room left after the head for a whole body written into the same buffer.
    static func bytes(
        _ response: DaemonResponse, framing: Framing, bodyCapacity: Int = 0, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256 + bodyCapacity)
        buffer.writeStaticString("HTTP/")
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: min(max(framing.version.major, 0), 9)))
        buffer.writeInteger(UInt8(ascii: "."))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: min(max(framing.version.minor, 0), 9)))
        buffer.writeInteger(UInt8(ascii: " "))
        let code = response.status.code
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code / 100 % 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code / 10 % 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: code % 10))
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(response.status.reasonPhrase)
        buffer.writeStaticString("\r\n")
        if let contentType = response.contentType { writeLine("Content-Type", contentType, into: &buffer) }
        if let length = framing.contentLength { writeLine("Content-Length", String(length), into: &buffer) }
        for field in response.fields { writeLine(field.name.rawName, field.value, into: &buffer) }
        if let id = response.requestID { writeLine(RequestLog.header, id, into: &buffer) }
        writeLine("Date", framing.date, into: &buffer)
        if let connection = framing.connection {
            buffer.writeStaticString("Connection: ")
            buffer.writeStaticString(connection)
            buffer.writeStaticString("\r\n")
        }
        if framing.chunked { buffer.writeStaticString("Transfer-Encoding: chunked\r\n") }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    private static func writeLine(_ name: String, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeString(name)
        buffer.writeStaticString(": ")
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
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

    /// The answer, in place of 100 Continue, to a request that declares a body over `limit` bytes; the
    /// connection closes after it (the body may still come, and is not read).
    static func tooLargeBytes(limit: Int) -> ByteBuffer {
        let body = #"{"error":{"message":"The request body is larger than \#(limit) bytes.","type":"invalid_request_error","param":null,"code":null}}"#
        return ByteBuffer(
            string: "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
    }
}
