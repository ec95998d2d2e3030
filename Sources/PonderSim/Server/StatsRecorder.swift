import Synchronization

/// The server's counters behind one small mutex; each update holds it for a few additions.
final class StatsRecorder: Sendable {
    private let state = Mutex(SimStats())

    func snapshot() -> SimStats { state.withLock { $0 } }

    /// Counts a request arriving at `route`; the returned ticket counts it finished when released.
    func begin(_ route: String) -> RequestTicket {
        state.withLock {
            $0.requests[route, default: 0] += 1
            $0.inFlight += 1
        }
        return RequestTicket(recorder: self)
    }

    fileprivate func end() {
        state.withLock {
            $0.inFlight -= 1
            $0.finished += 1
        }
    }

    func fault(_ kind: SimFaultKind) {
        state.withLock { $0.faults[kind.rawValue, default: 0] += 1 }
    }

    func rejected() {
        state.withLock { $0.rejected += 1 }
    }

    func served(promptTokens: Int, cachedTokens: Int, completionTokens: Int, reported: Int, choices: Int) {
        state.withLock {
            $0.promptTokens += promptTokens
            $0.cachedTokens += cachedTokens
            $0.completionTokens += completionTokens
            $0.reportedCompletionTokens += reported
            $0.choices += choices
        }
    }
}

/// One request in flight. It counts the request finished when the last reference goes away, which for a
/// streamed response is when its body writer is done (or dropped unwritten).
final class RequestTicket: Sendable {
    private let recorder: StatsRecorder
    init(recorder: StatsRecorder) { self.recorder = recorder }
    deinit { recorder.end() }

    /// Keeps the ticket alive up to this call.
    func hold() { withExtendedLifetime(self) {} }
}
