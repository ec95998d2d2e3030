import NIOCore
import NIOHTTP1

/// One request for the lean client: method, URL, headers and an optional body.
///
/// `Host` and `Content-Length` are added by the client; `headers` carries the rest.
///
/// ```swift
/// let request = LeanRequest(
///     method: .POST, url: LeanURL("http://127.0.0.1:8080/v1/chat/completions")!,
///     headers: ["Content-Type": "application/json"], body: json)
/// ```
public struct LeanRequest: Sendable {
    public var method: HTTPMethod
    public var url: LeanURL
    public var headers: HTTPHeaders
    public var body: ByteBuffer?

    public init(method: HTTPMethod, url: LeanURL, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The head as written on the wire, `Host` and `Content-Length` included.
    func head(hostHeader: String) -> HTTPRequestHead {
        var headers = self.headers
        headers.add(name: "Host", value: hostHeader)
        if let body {
            headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        return HTTPRequestHead(version: .http1_1, method: method, uri: url.path, headers: headers)
    }
}
