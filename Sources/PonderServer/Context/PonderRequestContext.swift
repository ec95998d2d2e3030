import Synchronization

/// The per-request context of the daemon's routes: the request id, the authenticated client, and notes
/// the route leaves for the request log. (Not Hummingbird's `RequestContext`, whose core storage makes a
/// locked box per request for an endpoint path the daemon's router never sets.)
struct PonderRequestContext: Sendable {
    /// Set by `DaemonRouter`; also the trace id and the `X-Request-Id` response header.
    var requestID = ""
    /// The client account the API key belongs to; nil when the server requires no key.
    var client: ClientAccount?
    /// What the route decided, read back by the request log once the response is made.
    let notes = RequestNotes()
    /// When the request arrived (its latency in the `--record` file is counted from here).
    let receivedAt = ContinuousClock.now
}

/// What a route tells the request log and the metrics about a request (the context itself is passed
/// down by value, so this is a shared box).
final class RequestNotes: Sendable {
    private let chosenStrategy = Mutex<String?>(nil)
    private let failureDetail = Mutex<String?>(nil)

    /// The preset the request was answered with.
    var strategy: String? {
        get { chosenStrategy.withLock { $0 } }
        set { chosenStrategy.withLock { $0 = newValue } }
    }

    /// What made the search fail, in full (replica, socket error): for the log line, not the client.
    var failure: String? {
        get { failureDetail.withLock { $0 } }
        set { failureDetail.withLock { $0 = newValue } }
    }
}
