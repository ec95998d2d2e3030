/// How a sandboxed run ended, from the scorer's point of view.
public enum SandboxOutcome: Sendable, Hashable {
    /// The program exited by itself with this status.
    case exited(Int32)
    /// The wall-clock or the CPU-time limit stopped it.
    case timedOut
    /// It ran out of its memory (address-space) limit: an allocation failed and the program died of it.
    case memoryExceeded
    /// It hit the process limit (fork/thread creation failed) and did not finish normally.
    case processLimit
    /// It wrote more than the captured-output limit, or past the file-size limit.
    case outputLimit
    /// A signal ended it that no limit explains (e.g. a segmentation fault).
    case killed(signal: Int32)
    /// The caller's task was cancelled and the run was killed.
    case cancelled
    /// The sandbox could not be set up, so the program was not run at all.
    case sandboxUnavailable(String)

    /// A short name for logs and details.
    public var name: String {
        switch self {
        case .exited(let code): return "exited(\(code))"
        case .timedOut: return "timedOut"
        case .memoryExceeded: return "memoryExceeded"
        case .processLimit: return "processLimit"
        case .outputLimit: return "outputLimit"
        case .killed(let signal): return "killed(\(SignalName.name(signal)))"
        case .cancelled: return "cancelled"
        case .sandboxUnavailable: return "sandboxUnavailable"
        }
    }
}
