/// An `http://` URL taken apart for the lean client: where to connect and what to ask for.
///
/// Only the plain form is understood, `http://host[:port][/path][?query]` with the host a name, an IPv4
/// address or a bracketed IPv6 one. Anything else (https, user info, a fragment, a malformed port) gives
/// nil, and the caller sends the request through AsyncHTTPClient instead, which handles or reports it.
/// Parsed per call, so it works on UTF-8 bytes rather than characters.
///
/// ```swift
/// LeanURL("http://127.0.0.1:8080/v1/chat/completions")  // host 127.0.0.1, port 8080, path /v1/chat/completions
/// LeanURL("https://api.example.com/v1")                 // nil
/// ```
public struct LeanURL: Sendable, Hashable {
    /// The host to connect to, without IPv6 brackets.
    public var host: String
    public var port: Int
    /// Path and query, at least "/".
    public var path: String

    public init?(_ url: String) {
        let bytes = url.utf8
        guard bytes.starts(with: "http://".utf8) else { return nil }
        let rest = bytes.dropFirst(7)
        let authorityEnd = rest.firstIndex(where: { $0 == .slash || $0 == .question }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(.at), !rest.contains(.hash) else { return nil }
        let tail = rest[authorityEnd...]
        path = tail.isEmpty ? "/" : tail.first == .question ? "/" + String(Substring(tail)) : String(Substring(tail))

        let hostBytes: Substring.UTF8View
        let portBytes: Substring.UTF8View?
        if authority.first == .openBracket {
            guard let close = authority.firstIndex(of: .closeBracket) else { return nil }
            hostBytes = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.first == .colon else { return nil }
            portBytes = after.isEmpty ? nil : after.dropFirst()
        } else if let colon = authority.firstIndex(of: .colon) {
            hostBytes = authority[..<colon]
            portBytes = authority[authority.index(after: colon)...]
        } else {
            hostBytes = authority
            portBytes = nil
        }
        guard !hostBytes.isEmpty else { return nil }
        host = String(Substring(hostBytes))
        if let portBytes {
            guard !portBytes.isEmpty, portBytes.count <= 5 else { return nil }
            var number = 0
            for byte in portBytes {
                guard byte >= .zero, byte <= .nine else { return nil }
                number = number * 10 + Int(byte - .zero)
            }
            guard (1...65535).contains(number) else { return nil }
            port = number
        } else {
            port = 80
        }
    }

    /// The `Host` header: the host (bracketed if IPv6), with the port unless it is 80.
    public var hostHeader: String {
        let name = host.utf8.contains(.colon) ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }
}

extension UInt8 {
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let question = UInt8(ascii: "?")
    fileprivate static let at = UInt8(ascii: "@")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let zero = UInt8(ascii: "0")
    fileprivate static let nine = UInt8(ascii: "9")
}
