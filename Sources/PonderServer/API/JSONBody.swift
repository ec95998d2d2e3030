import Hummingbird

import class FoundationEssentials.JSONEncoder

/// A JSON response. Keys are sorted: Foundation's encoder on Linux writes a keyed container's keys in
/// no fixed order, so the same value could come out differently from one process to the next. The
/// completion responses on the hot path are written by hand (`ProxyJSONWritable`) in a fixed order.
enum JSONBody {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> DaemonResponse {
        .json(bytes(value), status: status)
    }

    /// A response whose body is written by hand (the shapes on the hot path).
    static func response(writing value: some ProxyJSONWritable, status: HTTPResponse.Status = .ok) -> DaemonResponse {
        .json(value.jsonBytes, status: status)
    }

    /// The encoded value, copied once into the buffer the response is written from.
    static func bytes<T: Encodable>(_ value: T) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? encoder.encode(value) else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }
}
