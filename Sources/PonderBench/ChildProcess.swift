#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A child process started with `posix_spawn`: its standard input, output and error on the descriptors
/// given, every other descriptor of this process closed in it, and a process group of its own (as
/// Foundation's `Process` gives it).
///
/// Foundation's `Process` is not used: on Linux it lists `/proc/self/fd` before every launch and copies
/// each entry's name as a whole 256-byte field, reading past the end of glibc's directory buffer, so a
/// process with many descriptors open (a test run, with servers and clients of its own) crashed now and
/// then (swift-corelibs-foundation, fixed after the 6.3 toolchains by its pull request 5472).
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// The wait status, once the child has been reaped.
    private let reaped = Mutex<Int32?>(nil)

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc 2.34 and later; `Glibc` does not import it (it needs `_GNU_SOURCE`).
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    /// `input` nil: the child reads `/dev/null`. `environment` is the child's whole environment.
    public init(
        executable: String, arguments: [String], environment: [String: String], input: Int32? = nil, output: Int32, errors: Int32
    ) throws {
        guard let closeFrom = Self.addCloseFrom else {
            throw Failure(description: "this C library lacks posix_spawn_file_actions_addclosefrom_np")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        _ = closeFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// This process's environment with `extra` added (or replacing).
    public static func environment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return environment.merging(extra) { $1 }
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
                var status: Int32 = 0
                var result: pid_t
                repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
                if result == pid { reaped = status } else if result == -1 { reaped = 0 }  // not ours to wait for: gone
                return reaped
            }
            if let found { return found }
            guard blocking else { return nil }
            usleep(5_000)
        }
    }
}
