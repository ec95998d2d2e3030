import Hummingbird

import class FoundationEssentials.JSONEncoder

/// A JSON response. Keys are written in declaration order, not sorted: sorting every object's keys
/// was a visible share of the daemon's CPU per request, and no client depends on key order.
enum JSONBody {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes(value)))
    }

    /// A response whose body is written by hand (the shapes on the hot path).
    static func response(writing value: some ProxyJSONWritable, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: value.jsonBytes))
    }

    /// The encoded value, copied once into the buffer the response is written from.
    static func bytes<T: Encodable>(_ value: T) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }
}
