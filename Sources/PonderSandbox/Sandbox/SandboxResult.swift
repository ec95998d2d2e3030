/// What a sandboxed run did.
public struct SandboxResult: Sendable, Hashable {
    public var outcome: SandboxOutcome
    /// The program's own exit status or terminating signal, when it ended by itself (not when the
    /// sandbox killed it for a wall-clock timeout or too much output, nor when it never started).
    public var termination: ProcessTermination?
    /// Captured stdout, at most `SandboxLimits.maxOutputBytes`.
    public var stdoutBytes: [UInt8]
    /// Captured stderr, at most `SandboxLimits.maxOutputBytes`.
    public var stderrBytes: [UInt8]
    /// The program wrote more to stdout than was kept.
    public var stdoutTruncated: Bool
    /// The program wrote more to stderr than was kept.
    public var stderrTruncated: Bool
    /// From the start of the program (after sandbox setup) to its end or kill.
    public var wallTime: Duration
    /// User plus system CPU time of the sandbox and everything it reaped, when known (not after a kill).
    public var cpuTime: Duration?
    /// Largest resident set size of any process of the run, when known (not after a kill).
    public var peakMemoryBytes: Int?
    /// A human-readable account of the outcome, e.g. "timed out after 2 s (wall-clock limit)".
    public var reason: String

    public init(
        outcome: SandboxOutcome, termination: ProcessTermination?, stdoutBytes: [UInt8], stderrBytes: [UInt8],
        stdoutTruncated: Bool, stderrTruncated: Bool, wallTime: Duration, cpuTime: Duration?,
        peakMemoryBytes: Int?, reason: String
    ) {
        self.outcome = outcome
        self.termination = termination
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.wallTime = wallTime
        self.cpuTime = cpuTime
        self.peakMemoryBytes = peakMemoryBytes
        self.reason = reason
    }

    /// Stdout decoded as UTF-8 (invalid bytes replaced).
    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// Stderr decoded as UTF-8 (invalid bytes replaced).
    public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

    /// The program exited with status 0.
    public var succeeded: Bool { outcome == .exited(0) }

    /// A result for a run that never started.
    static func unavailable(_ reason: String) -> SandboxResult {
        SandboxResult(
            outcome: .sandboxUnavailable(reason), termination: nil, stdoutBytes: [], stderrBytes: [],
            stdoutTruncated: false, stderrTruncated: false, wallTime: .zero, cpuTime: nil, peakMemoryBytes: nil,
            reason: "sandbox unavailable: \(reason)")
    }
}
