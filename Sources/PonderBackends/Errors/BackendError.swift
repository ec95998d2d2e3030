/// A failed call to a model or scorer endpoint, with what a user needs to fix it.
///
/// Every error names the endpoint (`name` from the configuration, plus the replica URL where one was
/// involved). `isRetryable` decides whether the pool tries again (on another replica where possible).
public enum BackendError: Error, Sendable, CustomStringConvertible {
    /// The server answered with a non-2xx status.
    case http(endpoint: String, replica: String, status: Int, message: String, retryAfterSeconds: Double?)
    /// No connection could be made, or it broke before a complete response arrived.
    case connection(endpoint: String, replica: String, detail: String)
    /// A timeout fired: connect, time to first byte, idle between stream chunks, or total.
    case timeout(endpoint: String, replica: String, kind: TimeoutKind, seconds: Double)
    /// The server answered 2xx with a body Ponder could not read.
    case malformedResponse(endpoint: String, replica: String, detail: String)
    /// Every replica is ejected by its circuit breaker.
    case noHealthyReplica(endpoint: String, replicas: Int, lastFailure: String?)
    /// Retries ran out; `last` is the final attempt's error, and `timedOut` whether that was a timeout.
    case retriesExhausted(endpoint: String, attempts: Int, last: String, timedOut: Bool = false)

    public enum TimeoutKind: String, Sendable {
        case connect, firstByte = "first byte", idle = "idle between chunks", total
    }

    /// Connection failures, timeouts, 429, 502/503/504 (and other 5xx) and malformed bodies are worth
    /// another try; 4xx client errors are not: the same request would fail the same way.
    public var isRetryable: Bool {
        switch self {
        case .http(_, _, let status, _, _):
            return status == 408 || status == 429 || status >= 500
        case .connection, .timeout, .malformedResponse:
            return true
        case .noHealthyReplica, .retriesExhausted:
            return false
        }
    }

    /// The HTTP status when the server gave one.
    public var status: Int? {
        if case .http(_, _, let status, _, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let endpoint, let replica, let status, let message, _):
            return "endpoint '\(endpoint)' (\(replica)) answered HTTP \(status): \(message)"
        case .connection(let endpoint, let replica, let detail):
            return "endpoint '\(endpoint)' (\(replica)): connection failed: \(detail)"
        case .timeout(let endpoint, let replica, let kind, let seconds):
            return "endpoint '\(endpoint)' (\(replica)): \(kind.rawValue) timeout after \(seconds)s"
        case .malformedResponse(let endpoint, let replica, let detail):
            return "endpoint '\(endpoint)' (\(replica)) sent a response Ponder could not read: \(detail)"
        case .noHealthyReplica(let endpoint, let replicas, let lastFailure):
            let tail = lastFailure.map { "; last failure: \($0)" } ?? ""
            return "endpoint '\(endpoint)': all \(replicas) replica(s) are down (circuit open)\(tail)"
        case .retriesExhausted(let endpoint, let attempts, let last, _):
            return "endpoint '\(endpoint)': gave up after \(attempts) attempts; last error: \(last)"
        }
    }
}
