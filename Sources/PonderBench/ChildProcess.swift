#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import PonderSandbox
import Synchronization

/// A child process started through `PosixSpawn`: its standard input, output and error on the
/// descriptors given, every other descriptor of this process closed in it, a process group of its own.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// The wait status, once the child has been reaped.
    private let reaped = Mutex<Int32?>(nil)
    /// Every child started and not yet reaped (a reaped child's id may pass to another process).
    private static let unreaped = Mutex<Set<pid_t>>([])

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `input` nil: the child reads `/dev/null`. `environment` is the child's whole environment.
    public init(
        executable: String, arguments: [String], environment: [String: String], input: Int32? = nil, output: Int32, errors: Int32
    ) throws {
        let nothing = input == nil ? open("/dev/null", O_RDONLY | O_CLOEXEC) : -1
        defer { if nothing >= 0 { close(nothing) } }
        guard let input = input ?? (nothing >= 0 ? nothing : nil) else {
            throw Failure(description: "cannot open /dev/null: \(String(cString: strerror(errno)))")
        }
        do {
            pid = try Self.unreaped.withLock { unreaped in
                let pid = try PosixSpawn.start(
                    executable: executable, argv: [executable] + arguments, environment: environment,
                    descriptors: [input, output, errors])
                unreaped.insert(pid)
                return pid
            }
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// Stops every child still running, with all it started (each leads a process group, which a
    /// terminal's interrupt does not reach): SIGTERM, then SIGKILL to those still running after
    /// `grace` seconds. For a benchmark that is itself being stopped.
    public static func stopAll(grace: Double = 2) {
        let groups = unreaped.withLock { unreaped in
            for pid in unreaped { kill(-pid, SIGTERM) }
            return unreaped
        }
        let deadline = Double(DispatchTime.now().uptimeNanoseconds) / 1e9 + grace
        while groups.contains(where: isAlive), Double(DispatchTime.now().uptimeNanoseconds) / 1e9 < deadline {
            usleep(20_000)
        }
        unreaped.withLock { unreaped in
            for pid in unreaped { kill(-pid, SIGKILL) }
        }
    }

    /// Running, as opposed to ended (gone, or a zombie not reaped yet).
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = ProcFile.text("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].first { $0 != " " }
        return state != "Z" && state != "X"
    }

    /// This process's environment with `extra` added (or replacing).
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        PosixSpawn.environment(adding: extra)
    }

    /// A pipe whose ends are closed when this process runs another program.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard Glibc.pipe(&fds) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    public var isRunning: Bool { reap(blocking: false) == nil }

    /// SIGTERM.
    public func terminate() { kill(pid, SIGTERM) }

    /// Waits for the child to end; returns its exit code, or the signal that ended it.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        let status = reap(blocking: true) ?? 0
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    /// The wait status once the child has ended (reaping it the first time); nil while it runs.
    private func reap(blocking: Bool) -> Int32? {
        while true {
            let found: Int32? = reaped.withLock { reaped in
                if let reaped { return reaped }
                // Reaped and forgotten at once, so `stopAll` never signals an id that was passed on.
                return Self.unreaped.withLock { unreaped in
                    var status: Int32 = 0
                    var result: pid_t
                    repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
                    if result == pid { reaped = status } else if result == -1 { reaped = 0 }  // not ours to wait for: gone
                    if reaped != nil { unreaped.remove(pid) }
                    return reaped
                }
            }
            if let found { return found }
            guard blocking else { return nil }
            usleep(5_000)
        }
    }
}
