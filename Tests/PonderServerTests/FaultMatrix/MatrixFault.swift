import PonderSim

/// A row of the fault matrix: what is wrong with the faulty replica.
enum MatrixFault: String, CaseIterable, Sendable {
    case serverError = "HTTP 500"
    case rateLimited = "429"
    case rateLimitedRetryAfter = "429 + Retry-After"
    case reset = "connection reset"
    case refused = "connection refused"
    case malformed = "malformed JSON body"
    case stall = "stall before first byte"
    case stallMidStream = "stall mid-stream"
    case slowStream = "slow stream"
    case killed = "SIGKILL mid-request"
    case restarted = "replica restarted"

    /// The sim's fault kind, injected into every request of the faulty replica.
    var simFault: SimFaultKind? {
        switch self {
        case .serverError: .serverError
        case .rateLimited: .rateLimited
        case .rateLimitedRetryAfter: .rateLimitedRetryAfter
        case .reset: .reset
        case .malformed: .malformed
        case .stall: .stall
        case .stallMidStream: .stallMidStream
        case .slowStream: .slowStream
        case .refused, .killed, .restarted: nil
        }
    }

    /// Whether the cell's time goes mostly into waiting out timeouts (each probe of the faulty replica
    /// costs a whole attempt timeout).
    var waitsOnTimeouts: Bool { self == .stall || self == .stallMidStream || self == .slowStream }

    /// Whether the faulty replica is a `ponder sim` child process (it is SIGKILLed during the cell).
    var usesChildProcess: Bool { self == .killed || self == .restarted }

    /// The faulty replica: a sim failing every request with `simFault`, a vacant port, or a child sim
    /// paced at 2000 tokens per second so requests are in flight when it is killed.
    func faultyReplica() async throws -> MatrixReplica {
        if let kind = simFault {
            return try await .inProcess(
                SimConfiguration(faultRate: 1.0, faults: [kind], retryAfterSeconds: 1, stallSeconds: 30, slowStreamInterval: 0.2))
        }
        if usesChildProcess { return try await .child(arguments: ["--tokens-per-second", "2000"]) }
        return try await .vacant()
    }
}
