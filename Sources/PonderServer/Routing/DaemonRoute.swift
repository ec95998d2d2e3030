import NIOHTTP1

/// The daemon's routes, found from a request's method and target.
///
/// The path is matched as its segments: the query is ignored, and empty segments (a trailing slash,
/// a doubled one) do not count, so `/v1/models/` is `/v1/models`. Nothing is percent-decoded: no route
/// has a segment that needs it. A GET route also answers HEAD.
enum DaemonRoute: Equatable, Sendable {
    case health
    case readiness
    case metrics
    case models
    /// `GET /v1/models/{id}`; an id may hold slashes (`PRESET/MODEL`).
    case model(id: String)
    case chatCompletions
    case completions
    /// `GET /v1/ponder/traces/{id}`.
    case trace(id: String)

    /// What a request's method and target come to.
    enum Match: Equatable, Sendable {
        case route(DaemonRoute)
        /// The path is the route's but the method is not one it takes (`allowedMethods`).
        case wrongMethod(DaemonRoute)
        case unknown
    }

    /// The route's label in logs and metrics: its path, with a trace's id left out.
    var label: String {
        switch self {
        case .health: "/healthz"
        case .readiness: "/readyz"
        case .metrics: "/metrics"
        case .models, .model: "/v1/models"
        case .chatCompletions: "/v1/chat/completions"
        case .completions: "/v1/completions"
        case .trace: "/v1/ponder/traces"
        }
    }

    private var takesPost: Bool {
        switch self {
        case .chatCompletions, .completions: true
        case .health, .readiness, .metrics, .models, .model, .trace: false
        }
    }

    /// The methods the route takes, as `Allow` lists them.
    var allowedMethods: String { takesPost ? "POST" : "GET, HEAD" }

    static func match(method: HTTPMethod, target: String) -> Match {
        guard let route = route(path: canonicalPath(target)) else { return .unknown }
        switch (route.takesPost, method) {
        case (true, .POST), (false, .GET), (false, .HEAD): return .route(route)
        default: return .wrongMethod(route)
        }
    }

    private static func route(path: Substring) -> DaemonRoute? {
        switch path {
        case "/v1/chat/completions": return .chatCompletions
        case "/v1/completions": return .completions
        case "/v1/models": return .models
        case "/healthz": return .health
        case "/readyz": return .readiness
        case "/metrics": return .metrics
        default:
            let modelPrefix = "/v1/models/"
            if path.hasPrefix(modelPrefix) { return .model(id: String(path.dropFirst(modelPrefix.utf8.count))) }
            let tracePrefix = "/v1/ponder/traces/"
            guard path.hasPrefix(tracePrefix) else { return nil }
            let id = path.dropFirst(tracePrefix.utf8.count)
            return id.contains("/") ? nil : .trace(id: String(id))
        }
    }

    /// The target's path with its query cut off and empty segments dropped. A path that is already so
    /// (every client's, in practice) is returned as it is, without a copy. An absolute URL (which
    /// RFC 9112 has servers accept) comes to its path; its host is not looked at. Any other target
    /// that is not a path (`*`) is returned as it is, and matches no route.
    static func canonicalPath(_ target: String) -> Substring {
        let end = target.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? target.endIndex
        var path = target[..<end]
        if path.utf8.first != UInt8(ascii: "/"), let scheme = path.firstRange(of: "://") {
            let authority = path[scheme.upperBound...]
            path = authority[(authority.firstIndex(of: "/") ?? authority.endIndex)...]
            if path.isEmpty { return "/" }
        }
        guard path.utf8.first == UInt8(ascii: "/") else { return path }
        var previousWasSlash = false
        var clean = true
        for byte in path.utf8 where clean {
            let slash = byte == UInt8(ascii: "/")
            clean = !(slash && previousWasSlash)
            previousWasSlash = slash
        }
        if clean, !previousWasSlash || path.utf8.count == 1 { return path }
        return Substring("/" + path.split(separator: "/").joined(separator: "/"))
    }
}
