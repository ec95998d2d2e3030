/// Normalises the base URL of an OpenAI-compatible server so that it ends in `/v1`.
///
/// `http://host:8000`, `http://host:8000/`, `http://host:8000/v1` and `http://host:8000/v1/` all become
/// `http://host:8000/v1`. Only `http` and `https` URLs with a host are accepted.
public enum BaseURL {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let value: String
        public let reason: String
        public var description: String { "'\(value)' is not a usable base URL: \(reason)" }
    }

    public static func normalize(_ raw: String) throws -> String {
        let trimmed = raw.trimmingWhitespace()
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw Invalid(value: raw, reason: "expected an http:// or https:// URL")
        }
        let afterScheme = trimmed[trimmed.index(trimmed.firstIndex(of: ":")!, offsetBy: 3)...]
        let host = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix(":") else {
            throw Invalid(value: raw, reason: "the URL has no host")
        }
        guard !afterScheme.contains("?"), !afterScheme.contains("#") else {
            throw Invalid(value: raw, reason: "a base URL takes no query or fragment")
        }
        var url = trimmed
        while url.hasSuffix("/") { url.removeLast() }
        if !url.hasSuffix("/v1") { url += "/v1" }
        return url
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
