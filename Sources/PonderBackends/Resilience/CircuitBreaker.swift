/// Ejects a replica that keeps failing and lets it back in through a single probe request.
///
/// A pure state machine (time is passed in, in nanoseconds of a monotonic clock) so it is tested
/// without a network. Closed → after `failureThreshold` consecutive failures → open for a cooldown →
/// half-open: one request is let through as a probe; success closes the circuit, failure opens it
/// again with the cooldown doubled (up to `maxCooldown`).
public struct CircuitBreaker: Sendable, Hashable {
    public struct Policy: Sendable, Hashable {
        public var failureThreshold: Int
        public var cooldown: Double
        public var maxCooldown: Double

        public init(failureThreshold: Int = 5, cooldown: Double = 1.0, maxCooldown: Double = 30) {
            self.failureThreshold = max(1, failureThreshold)
            self.cooldown = max(0, cooldown)
            self.maxCooldown = max(self.cooldown, maxCooldown)
        }

        public static let `default` = Policy()
    }

    public enum State: Sendable, Hashable {
        case closed(consecutiveFailures: Int)
        case open(untilNanos: UInt64, cooldown: Double)
        case halfOpen(probeInFlight: Bool, cooldown: Double)
    }

    /// What `admit` decided for one request.
    public enum Admission: Sendable, Hashable {
        case admitted
        /// Admitted as the one probe of a half-open circuit.
        case probe
        case rejected
    }

    public let policy: Policy
    public private(set) var state: State = .closed(consecutiveFailures: 0)
    /// How many times this circuit has opened, for metrics.
    public private(set) var ejections = 0

    public init(policy: Policy = .default) { self.policy = policy }

    /// Whether a request could be admitted now, without changing state.
    public func isAvailable(nowNanos: UInt64) -> Bool {
        switch state {
        case .closed: return true
        case .open(let until, _): return nowNanos >= until
        case .halfOpen(let probeInFlight, _): return !probeInFlight
        }
    }

    public var isEjected: Bool {
        if case .closed = state { return false }
        return true
    }

    public mutating func admit(nowNanos: UInt64) -> Admission {
        switch state {
        case .closed:
            return .admitted
        case .open(let until, let cooldown):
            guard nowNanos >= until else { return .rejected }
            state = .halfOpen(probeInFlight: true, cooldown: cooldown)
            return .probe
        case .halfOpen(let probeInFlight, let cooldown):
            guard !probeInFlight else { return .rejected }
            state = .halfOpen(probeInFlight: true, cooldown: cooldown)
            return .probe
        }
    }

    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    public mutating func recordFailure(nowNanos: UInt64) {
        switch state {
        case .closed(let failures):
            if failures + 1 >= policy.failureThreshold {
                open(nowNanos: nowNanos, cooldown: policy.cooldown)
            } else {
                state = .closed(consecutiveFailures: failures + 1)
            }
        case .halfOpen(_, let cooldown):
            open(nowNanos: nowNanos, cooldown: min(policy.maxCooldown, max(policy.cooldown, cooldown * 2)))
        case .open:
            break  // a request admitted before the circuit opened; nothing new to learn
        }
    }

    /// A request admitted as a probe ended without a verdict (it was cancelled): let another probe try.
    public mutating func releaseProbe() {
        if case .halfOpen(true, let cooldown) = state {
            state = .halfOpen(probeInFlight: false, cooldown: cooldown)
        }
    }

    private mutating func open(nowNanos: UInt64, cooldown: Double) {
        state = .open(untilNanos: nowNanos &+ UInt64(cooldown * 1e9), cooldown: cooldown)
        ejections += 1
    }
}
