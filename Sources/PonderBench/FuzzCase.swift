/// One generated request: where it goes, its header fields and its body bytes.
public struct FuzzCase: Sendable {
    /// `/v1/chat/completions` or `/v1/completions`, sometimes with a query string.
    public var path: String
    /// Header fields besides those an HTTP client sets itself (Host, Content-Length). Values are legal
    /// HTTP field values (no CR, LF or NUL), so the same case can be sent over a real connection.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Which mutation made it, for reports.
    public var kind: String
    /// Whether the case carries the valid API key, so a 401 is exactly what it should get without one.
    public var hasValidKey: Bool
}
