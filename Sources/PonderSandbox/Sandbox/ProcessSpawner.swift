#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A launched process and the host ends of its pipes (all non-blocking and close-on-exec).
struct SpawnedProcess {
    let pid: pid_t
    /// Write end of the child's stdin.
    var stdin: Int32
    /// Read ends of the child's stdout, stderr and fd 3 (the sandbox status channel).
    var stdout: Int32
    var stderr: Int32
    var status: Int32
}

/// Launches a process with `posix_spawn`: its own process group (so it can be killed as a group), an
/// empty signal mask and default signal dispositions (whatever the host ignores, the child does not),
/// pipes on fds 0–3 and every other descriptor closed.
///
/// `posix_spawn` (rather than `fork` in a Swift process, which is unsafe with threads, or Foundation's
/// `Process`, which cannot set a process group and closes no inherited descriptors on every version)
/// keeps the child side async-signal-safe.
enum ProcessSpawner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func spawn(executable: String, arguments: [String], environment: [String: String]) throws -> SpawnedProcess {
        guard let pipe2 = Native.pipe2, let closeFrom = Native.addCloseFrom else {
            throw Failure(description: "this C library lacks pipe2 or posix_spawn_file_actions_addclosefrom_np")
        }
        var opened: [Int32] = []
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe2(&fds, O_CLOEXEC) == 0 else {
                let error = errno
                for fd in opened { close(fd) }
                throw Failure(description: "pipe2: \(String(cString: strerror(error)))")
            }
            opened += fds
            return (fds[0], fds[1])
        }
        let input = try makePipe()
        let output = try makePipe()
        let errors = try makePipe()
        let status = try makePipe()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        posix_spawn_file_actions_adddup2(&actions, status.write, 3)
        _ = closeFrom(&actions, 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)...Int32(31) where signal != SIGKILL && signal != SIGSTOP {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)

        for fd in [input.read, output.write, errors.write, status.write] { close(fd) }
        guard result == 0 else {
            for fd in [input.write, output.read, errors.read, status.read] { close(fd) }
            throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))")
        }
        for fd in [input.write, output.read, errors.read, status.read] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return SpawnedProcess(pid: pid, stdin: input.write, stdout: output.read, stderr: errors.read, status: status.read)
    }
}

/// C functions the Swift `Glibc` module does not import (they need `_GNU_SOURCE`), looked up at run time.
enum Native {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
}
