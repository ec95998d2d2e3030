/// Bytes that do not follow HTTP/1.x's syntax, found by the parsing both the lean client (on responses)
/// and the daemon (on requests) share; each side reports it in its own terms.
public struct HTTP1SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let detail: String

    public init(_ detail: String) {
        self.detail = detail
    }

    public var description: String { detail }
}
