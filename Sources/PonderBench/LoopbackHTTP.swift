#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking HTTP/1.1 exchange over a plain socket (`Connection: close`), for the few requests a
/// benchmark makes beside its load: reading the sim's counters, checking that a server is up, and the
/// accuracy runs, which send one request at a time and need the answer's text.
///
/// It needs no HTTP client of its own, so it adds nothing to the connection pools being measured, and
/// it reads any server's answer: a `Content-Length` body, a chunked one, or one that ends with the
/// connection. IPv4 literals only (`http://127.0.0.1:8123`): benchmarks run on the loopback.
public enum LoopbackHTTP {
    /// A status and the body, de-chunked.
    public struct Response: Sendable {
        public var status: Int
        public var body: String
    }

    /// `GET origin+path`; nil if there is no answer (nothing listening, a reset, a timeout).
    public static func get(_ origin: String, path: String, timeout: Int = 10) -> Response? {
        exchange(origin: origin, method: "GET", path: path, body: nil, timeout: timeout)
    }

    /// `POST origin+path` with a JSON body; nil if there is no answer.
    public static func post(_ origin: String, path: String, json: String, timeout: Int = 600) -> Response? {
        exchange(origin: origin, method: "POST", path: path, body: json, timeout: timeout)
    }

    /// `("127.0.0.1", 8123)` from `http://127.0.0.1:8123`; IPv4 literals only.
    public static func hostAndPort(of origin: String) -> (String, UInt16)? {
        guard origin.hasPrefix("http://") else { return nil }
        let authority = origin.dropFirst("http://".count).prefix { $0 != "/" }
        guard let colon = authority.lastIndex(of: ":"), let port = UInt16(authority[authority.index(after: colon)...]) else {
            return nil
        }
        return (String(authority[..<colon]), port)
    }

    /// The status and body of a whole HTTP/1.1 response as read until the connection closed; nil when
    /// the head is incomplete or a chunked body is cut short.
    public static func parse(_ bytes: [UInt8]) -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = firstIndex(of: separator, in: bytes[...]) else { return nil }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusFields = lines.first?.split(separator: " ") ?? []
        guard statusFields.count >= 2, let status = Int(statusFields[1]) else { return nil }
        var chunked = false
        var length: Int?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = trimmed(line[line.index(after: colon)...])
            if name == "transfer-encoding" { chunked = value.lowercased().contains("chunked") }
            if name == "content-length" { length = Int(value) }
        }
        var body = bytes[(headEnd + 4)...]
        if chunked {
            guard let decoded = dechunk(body) else { return nil }
            return Response(status: status, body: String(decoding: decoded, as: UTF8.self))
        }
        if let length { body = body.prefix(length) }
        return Response(status: status, body: String(decoding: body, as: UTF8.self))
    }

    /// The payload of a chunked body: hex size lines, each chunk followed by CRLF, until a 0 chunk.
    static func dechunk(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var rest = bytes
        while true {
            guard let lineEnd = firstIndex(of: [13, 10], in: rest) else { return nil }
            let sizeText = String(decoding: rest[rest.startIndex..<lineEnd], as: UTF8.self)
            // A chunk extension (`;name=value`) may follow the size.
            guard let size = Int(trimmed(sizeText.prefix { $0 != ";" }), radix: 16) else { return nil }
            let start = lineEnd + 2
            if size == 0 { return output }
            guard rest.endIndex >= start + size else { return nil }
            output += rest[start..<(start + size)]
            rest = rest[min(rest.endIndex, start + size + 2)...]
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func exchange(origin: String, method: String, path: String, body: String?, timeout: Int) -> Response? {
        guard let (host, port) = hostAndPort(of: origin), let descriptor = LoopbackPort.tcpSocket() else { return nil }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
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
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        let request = Array((head + "\r\n" + (body ?? "")).utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            sent += count
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return parse(bytes)
    }
}
