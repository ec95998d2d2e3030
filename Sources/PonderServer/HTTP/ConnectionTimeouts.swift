import NIOCore

/// How long a connection may take to send a request, and how long it may sit idle between requests.
///
/// Checked by one timer per connection, re-armed from its own callback (at the current phase's limit,
/// and at least every quarter of the shorter limit, at most every five seconds), against timestamps the
/// handler keeps, so a request costs a clock read, not a timer scheduled and cancelled.
struct ConnectionTimeouts: Sendable {
    var requestRead: TimeAmount
    var idle: TimeAmount
    /// How long a connection that got a 400 for bytes it could not parse keeps reading (and dropping)
    /// what the client still sends before it closes (see `LeanRequestHandler`).
    var badRequestLinger: TimeAmount
    /// How long an idle connection keeps its answering task (checked with the timeouts, so up to a check
    /// interval later): a client sending its next request within it saves a task's start.
    var answererKeep: TimeAmount

    /// Each limit is at least a millisecond.
    init(requestRead: Duration, idle: Duration, badRequestLinger: Duration = .seconds(2), answererKeep: Duration = .seconds(1)) {
        self.requestRead = max(TimeAmount(requestRead), .milliseconds(1))
        self.idle = max(TimeAmount(idle), .milliseconds(1))
        self.badRequestLinger = max(TimeAmount(badRequestLinger), .milliseconds(1))
        self.answererKeep = max(TimeAmount(answererKeep), .milliseconds(1))
    }

    /// Between two checks: a quarter of the shorter limit, from 5 ms to 5 s.
    var checkInterval: TimeAmount {
        let quarter = min(requestRead, idle).nanoseconds / 4
        return .nanoseconds(min(max(quarter, 5_000_000), 5_000_000_000))
    }
}
