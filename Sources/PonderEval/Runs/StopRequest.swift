import Synchronization

/// A flag the runner checks before it starts each problem: set by SIGINT so the run stops scheduling
/// while the problems in flight finish and are recorded.
public final class StopRequest: Sendable {
    private let requested = Mutex(false)

    public init() {}

    public func request() { requested.withLock { $0 = true } }

    public var isRequested: Bool { requested.withLock { $0 } }
}
