#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The process groups of the command graders running now. Each leads a group of its own, which a
/// terminal's interrupt does not reach, so a process that quits at once (a second Ctrl-C during
/// `ponder run`) stops them here rather than leaving them running without their time limit.
public final class RunningCommands: Sendable {
    /// Where every command grader is listed unless told otherwise.
    public static let shared = RunningCommands()

    private let groups = Mutex<Set<pid_t>>([])

    init() {}

    func add(_ pid: pid_t) {
        groups.withLock { _ = $0.insert(pid) }
    }

    /// Called once the shell has ended but before it is reaped, so its id is still not reusable.
    func remove(_ pid: pid_t) {
        groups.withLock { _ = $0.remove(pid) }
    }

    /// SIGKILL to every group still running; returns how many there were.
    @discardableResult
    public func stopAll() -> Int {
        groups.withLock { groups in
            for pid in groups { kill(-pid, SIGKILL) }
            return groups.count
        }
    }
}
