import NIOCore

/// How long a connection may take to send a request, and how long it may sit idle between requests.
///
/// Checked by one repeating timer per connection (every quarter of the shorter limit, at most every
/// five seconds) against timestamps the handler keeps, so a request costs a clock read, not a timer
/// scheduled and cancelled.
struct ConnectionTimeouts: Sendable {
    var requestRead: TimeAmount
    var idle: TimeAmount

    init(requestRead: Duration, idle: Duration) {
        self.requestRead = Self.amount(requestRead)
        self.idle = Self.amount(idle)
    }

    /// Between two checks: a quarter of the shorter limit, from 5 ms to 5 s.
    var checkInterval: TimeAmount {
        let quarter = min(requestRead, idle).nanoseconds / 4
        return .nanoseconds(min(max(quarter, 5_000_000), 5_000_000_000))
    }

    private static func amount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(max(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, 1_000_000))
    }
}
