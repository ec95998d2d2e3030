#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import class FoundationEssentials.JSONDecoder
import struct FoundationEssentials.Data

/// How many generation requests the sim has answered, from its `GET /sim/stats`.
///
/// The load generator reads answers without looking at them (that is what keeps it thin), so this is
/// how a benchmark knows every request it sent reached the model and was answered: a daemon that
/// refused requests (HTTP 429) or a sim that rejected them (HTTP 400) would otherwise look fast.
/// It is read between stretches of load, with a one-off blocking HTTP/1.1 GET over a plain socket, so
/// it needs no HTTP client of its own and adds nothing to the measured requests.
enum ProxySimCounter {
    /// The counters a proxy benchmark needs from the sim.
    struct Counts: Sendable, Decodable {
        var requests: [String: Int]
        var rejected: Int

        /// Chat and text completions received and not rejected.
        var answeredGenerations: Int {
            (requests["/v1/chat/completions"] ?? 0) + (requests["/v1/completions"] ?? 0) - rejected
        }
    }

    /// The sim's counters now; nil if they cannot be read (then nothing is checked).
    static func read(origin: String) -> Counts? {
        guard let (host, port) = hostAndPort(of: origin), let response = get(path: "/sim/stats", host: host, port: port),
            let body = body(of: response)
        else { return nil }
        return try? JSONDecoder().decode(Counts.self, from: Data(body.utf8))
    }

    /// `("127.0.0.1", 8123)` from `http://127.0.0.1:8123`; IPv4 literals only.
    static func hostAndPort(of origin: String) -> (String, UInt16)? {
        guard origin.hasPrefix("http://") else { return nil }
        let authority = origin.dropFirst("http://".count).prefix { $0 != "/" }
        guard let colon = authority.lastIndex(of: ":"), let port = UInt16(authority[authority.index(after: colon)...]) else {
            return nil
        }
        return (String(authority[..<colon]), port)
    }

    /// The JSON object in an HTTP response: what follows the head, from the first `{` to the last `}`
    /// (so a body sent as one chunk of chunked encoding is read too).
    static func body(of response: String) -> String? {
        guard let headEnd = response.range(of: "\r\n\r\n") else { return nil }
        let rest = response[headEnd.upperBound...]
        guard let open = rest.firstIndex(of: "{"), let close = rest.lastIndex(of: "}"), open < close else { return nil }
        return String(rest[open...close])
    }

    private static func get(path: String, host: String, port: UInt16) -> String? {
        #if os(Linux)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, socketType, 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        let sent = request.withUTF8 { send(descriptor, $0.baseAddress, $0.count, 0) }
        guard sent == request.utf8.count else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
