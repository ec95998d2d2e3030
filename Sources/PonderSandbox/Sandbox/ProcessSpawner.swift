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

/// Launches a process through `PosixSpawn` (its own process group, default signals, every descriptor
/// but its pipes closed) with pipes on fds 0–3, fd 3 being the sandbox's status channel.
enum ProcessSpawner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `arguments` includes the program's name for itself.
    static func spawn(executable: String, arguments: [String], environment: [String: String]) throws -> SpawnedProcess {
        guard let pipe2 = Native.pipe2 else {
            throw Failure(description: "this C library lacks pipe2")
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

        let pid: pid_t
        do {
            pid = try PosixSpawn.start(
                executable: executable, argv: arguments, environment: environment,
                descriptors: [input.read, output.write, errors.write, status.write])
        } catch {
            for fd in opened { close(fd) }
            throw Failure(description: "\(error)")
        }
        for fd in [input.read, output.write, errors.write, status.write] { close(fd) }
        for fd in [input.write, output.read, errors.read, status.read] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return SpawnedProcess(pid: pid, stdin: input.write, stdout: output.read, stderr: errors.read, status: status.read)
    }
}
