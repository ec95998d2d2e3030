import PonderCore
import NIOCore
import Synchronization

/// The replicas of one endpoint, and the one place where a call is routed, limited, retried and
/// where replica health is learned.
///
/// `execute` picks a replica (least outstanding requests, prefix affinity, breaker permitting), waits
/// for a place under that replica's concurrency limit, runs the attempt, and on a retryable failure
/// backs off with jitter and tries again on another replica where one is healthy. Fatal errors
/// surface at once. State lives behind one lock per endpoint, never a process-wide one.
public final class EndpointPool: Sendable {
    public let configuration: EndpointConfiguration
    let transport: HTTPTransport
    let limiters: [ConcurrencyLimiter]
    private let state: Mutex<PoolState>

    /// What a single attempt is told about where it goes.
    public struct Replica: Sendable {
        public let index: Int
        public let baseURL: String
    }

    struct PoolState {
        var breakers: [CircuitBreaker]
        var outstanding: [Int]
        var counters: [ReplicaCounters]
        var latency: [LatencyHistogram]
        var lastFailure: String?
        var rotation: UInt64 = 0
    }

    public struct ReplicaCounters: Sendable, Hashable, Codable {
        public var successes = 0
        public var failures = 0
        public var retries = 0
    }

    /// A snapshot for metrics and tests.
    public struct Snapshot: Sendable {
        public var replicas: [String]
        public var outstanding: [Int]
        public var breakers: [CircuitBreaker.State]
        public var ejections: [Int]
        public var counters: [ReplicaCounters]
        /// Latency of the attempts that got an answer (success or a non-retryable error), per replica.
        public var latency: [LatencyHistogram]
        public var healthyReplicas: Int
    }

    public init(configuration: EndpointConfiguration, transport: HTTPTransport = .shared) {
        precondition(!configuration.replicas.isEmpty, "an endpoint needs at least one replica")
        self.configuration = configuration
        self.transport = transport
        let count = configuration.replicas.count
        self.limiters = (0..<count).map { _ in ConcurrencyLimiter(limit: configuration.maxConcurrency) }
        self.state = Mutex(
            PoolState(
                breakers: Array(repeating: CircuitBreaker(policy: configuration.circuitBreaker), count: count),
                outstanding: Array(repeating: 0, count: count),
                counters: Array(repeating: ReplicaCounters(), count: count),
                latency: Array(repeating: LatencyHistogram(), count: count)))
    }

    public var name: String { configuration.name }

    public func snapshot() -> Snapshot {
        state.withLock { state in
            let now = NIODeadline.now().uptimeNanoseconds
            return Snapshot(
                replicas: configuration.replicas,
                outstanding: state.outstanding,
                breakers: state.breakers.map(\.state),
                ejections: state.breakers.map(\.ejections),
                counters: state.counters,
                latency: state.latency,
                healthyReplicas: state.breakers.filter { $0.isAvailable(nowNanos: now) }.count)
        }
    }

    /// Runs `attempt` against a replica, retrying retryable failures as the endpoint's policy allows.
    ///
    /// - Parameters:
    ///   - affinityKey: a hash of the prompt prefix; requests with the same key prefer the same replica.
    ///   - deadline: no retry is started that could not begin before this point.
    ///   - earlier: attempts already made outside `execute` (how many, where, the backoff still to wait),
    ///     as when a call of `EndpointClient`'s fan-out continues after a failed first attempt.
    public func execute<T: Sendable>(
        affinityKey: UInt64? = nil, deadline: NIODeadline? = nil, after earlier: RetryState? = nil,
        _ attempt: @Sendable (Replica) async throws -> T
    ) async throws -> T {
        var attemptNumber = earlier?.attempts ?? 0
        var tried: [Int] = earlier?.tried ?? []
        if let wait = earlier?.wait, wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
        while true {
            attemptNumber += 1
            try Task.checkCancellation()
            let (index, admission) = try admit(affinityKey: affinityKey, avoiding: tried)
            var started = NIODeadline.now()
            let value: T
            do {
                try await limiters[index].acquire()
                defer { limiters[index].release() }
                started = NIODeadline.now()
                value = try await attempt(Replica(index: index, baseURL: configuration.replicas[index]))
            } catch {
                try await recover(
                    from: error, index: index, admission: admission, seconds: Self.seconds(since: started), attemptNumber: attemptNumber,
                    tried: &tried, deadline: deadline)
                continue
            }
            finish(index: index, admission: admission, failure: nil, seconds: Self.seconds(since: started))
            return value
        }
    }

    /// After a failed attempt: throws when the call is over, else waits out the backoff so that the
    /// caller tries again.
    ///
    /// Out of line so that the retry state stays out of the async frame of every call's first attempt,
    /// which then fits the task's stack of frames instead of taking an allocation of its own.
    @inline(never)
    private func recover(
        from error: any Error, index: Int, admission: CircuitBreaker.Admission, seconds: Double,
        attemptNumber: Int, tried: inout [Int], deadline: NIODeadline?
    ) async throws {
        let wait = try settle(
            error, index: index, admission: admission, seconds: seconds, attemptNumber: attemptNumber, tried: &tried, deadline: deadline)
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }

    /// Counts a failed attempt against its replica and decides what follows: throws when the call is
    /// over (cancelled, a fatal error, retries spent, no time left), else returns the backoff in seconds
    /// before the next attempt, which avoids the replicas in `tried`.
    func settle(
        _ error: any Error, index: Int, admission: CircuitBreaker.Admission, seconds: Double,
        attemptNumber: Int, tried: inout [Int], deadline: NIODeadline?
    ) throws -> Double {
        if error is CancellationError || Task.isCancelled {
            finish(index: index, admission: admission, failure: nil, cancelled: true)
            throw error is CancellationError ? error : CancellationError()
        }
        guard let backendError = error as? BackendError, backendError.isRetryable else {
            // The replica answered; the request itself is at fault.
            finish(index: index, admission: admission, failure: nil, seconds: seconds)
            throw error
        }
        finish(index: index, admission: admission, failure: backendError)
        tried.append(index)
        let policy = configuration.retry
        // A server that asks for a longer pause than retries wait is not asked again at once: with no
        // other replica to turn to, the call ends here and its `Retry-After` is passed on.
        if case .http(_, _, _, _, let seconds?) = backendError, seconds > policy.maxRetryAfter, !hasAvailableReplica(besides: tried) {
            throw backendError
        }
        guard policy.allowsAnotherAttempt(after: attemptNumber) else {
            if attemptNumber == 1 { throw backendError }
            let timedOut = if case .timeout = backendError { true } else { false }
            throw BackendError.retriesExhausted(
                endpoint: configuration.name, attempts: attemptNumber, last: backendError.description, timedOut: timedOut)
        }
        // A `Retry-After` speaks for the replica that sent it: while another replica this call has
        // not failed on is available, the retry goes there after the usual backoff instead.
        let retryAfter: Double? =
            if case .http(_, _, _, _, let seconds) = backendError, !hasAvailableReplica(besides: tried) {
                seconds
            } else { nil }
        let wait = policy.delay(beforeRetry: attemptNumber, unit: Double.random(in: 0..<1), retryAfter: retryAfter)
        if let deadline, NIODeadline.now() + .nanoseconds(Int64(wait * 1e9)) >= deadline {
            throw backendError
        }
        state.withLock { $0.counters[index].retries += 1 }
        return wait
    }

    static func seconds(since start: NIODeadline) -> Double {
        Double((NIODeadline.now() - start).nanoseconds) / 1e9
    }

    /// Whether a replica outside `tried` could be admitted now.
    private func hasAvailableReplica(besides tried: [Int]) -> Bool {
        state.withLock { state in
            let now = NIODeadline.now().uptimeNanoseconds
            return state.breakers.indices.contains { !tried.contains($0) && state.breakers[$0].isAvailable(nowNanos: now) }
        }
    }

    /// Chooses a replica and counts the request against it. The candidates are gathered in scratch
    /// space on the stack: this runs for every backend call.
    func admit(affinityKey: UInt64?, avoiding tried: [Int]) throws -> (Int, CircuitBreaker.Admission) {
        try state.withLock { state in
            let now = NIODeadline.now().uptimeNanoseconds
            // Prefer replicas this call has not failed on; fall back to them when nothing else is up.
            let untriedIsUp = state.breakers.indices.contains { !tried.contains($0) && state.breakers[$0].isAvailable(nowNanos: now) }
            state.rotation &+= 1
            let chosen = withUnsafeTemporaryAllocation(of: ReplicaSelector.Candidate.self, capacity: state.breakers.count) { space in
                var count = 0
                for index in state.breakers.indices
                where tried.contains(index) != untriedIsUp && state.breakers[index].isAvailable(nowNanos: now) {
                    space.initializeElement(at: count, to: ReplicaSelector.Candidate(index: index, outstanding: state.outstanding[index]))
                    count += 1
                }
                return ReplicaSelector.choose(from: space[..<count], affinityKey: affinityKey, tieBreak: state.rotation)
            }
            guard let index = chosen else {
                throw BackendError.noHealthyReplica(
                    endpoint: configuration.name, replicas: state.breakers.count, lastFailure: state.lastFailure)
            }
            let admission = state.breakers[index].admit(nowNanos: now)
            state.outstanding[index] += 1
            return (index, admission)
        }
    }

    func finish(
        index: Int, admission: CircuitBreaker.Admission, failure: BackendError?, cancelled: Bool = false,
        seconds: Double? = nil
    ) {
        state.withLock { state in
            state.outstanding[index] -= 1
            if cancelled {
                if admission == .probe { state.breakers[index].releaseProbe() }
                return
            }
            if let failure {
                state.counters[index].failures += 1
                state.lastFailure = failure.description
                state.breakers[index].recordFailure(nowNanos: NIODeadline.now().uptimeNanoseconds)
            } else {
                state.counters[index].successes += 1
                state.breakers[index].recordSuccess()
                if let seconds { state.latency[index].record(seconds: seconds) }
            }
        }
    }
}
