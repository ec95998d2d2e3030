import Foundation
import PonderSandbox

/// Runs `/bin/sh -c COMMAND` on the host with a timeout, without blocking a Swift concurrency thread.
///
/// Stdin, stdout and stderr are temporary files, not pipes: a program that writes a lot before reading
/// its input cannot deadlock against us, and no thread has to pump pipes while we wait. The shell is
/// started through `PosixSpawn` (not Foundation's `Process`) and leads its own process group, so a
/// timeout stops it with everything it started; a thread of its own waits for it to end.
struct ExternalCommand: Sendable {
    var command: String
    var timeout: Duration
    var registry: RunningCommands = .shared

    struct Output: Sendable {
        /// The exit status; 128 + n when signal n ended it.
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(stdin: Data, environment: [String: String]) async throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-grader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputURL = folder.appendingPathComponent("stdin")
        let outputURL = folder.appendingPathComponent("stdout")
        let errorURL = folder.appendingPathComponent("stderr")
        try stdin.write(to: inputURL)

        let pid = try start(
            input: inputURL.path, output: outputURL.path, errors: errorURL.path,
            environment: PosixSpawn.environment(adding: environment))
        let exit = ProcessExit()
        Self.reap(pid, into: exit, listedIn: registry)
        _ = await exit.wait(timeout: timeout)
        guard let status = exit.status else {
            // Out of time, or the caller was cancelled: the shell and everything it started stop. (While
            // any member of the group lives, its id cannot pass to another process.)
            if Task.isCancelled {
                kill(-pid, SIGKILL)
                throw CancellationError()
            }
            kill(-pid, SIGTERM)
            _ = await exit.wait(timeout: .seconds(1))
            kill(-pid, SIGKILL)
            throw GradingError(message: "'\(command)' ran longer than \(timeout)")
        }
        return Output(
            status: status,
            stdout: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }

    /// Opens the three files and starts the shell on them.
    private func start(input: String, output: String, errors: String, environment: [String: String]) throws -> pid_t {
        var opened: [Int32] = []
        defer { for descriptor in opened { close(descriptor) } }
        for (path, flags) in [(input, O_RDONLY), (output, O_WRONLY | O_CREAT | O_TRUNC), (errors, O_WRONLY | O_CREAT | O_TRUNC)] {
            let descriptor = open(path, flags | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw GradingError(message: "cannot open \(path) for '\(command)': \(String(cString: strerror(errno)))")
            }
            opened.append(descriptor)
        }
        do {
            return try PosixSpawn.start(
                executable: "/bin/sh", argv: ["/bin/sh", "-c", command], environment: environment, descriptors: opened)
        } catch {
            throw GradingError(message: "cannot start /bin/sh for '\(command)': \(error)")
        }
    }

    /// Waits for the shell on a thread of its own (a blocking wait) and reports its status. The shell
    /// is listed in `RunningCommands` until it has ended, and taken off before it is reaped.
    private static func reap(_ pid: pid_t, into exit: ProcessExit, listedIn registry: RunningCommands) {
        registry.add(pid)
        let thread = Thread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
            registry.remove(pid)
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, 0) } while result == -1 && errno == EINTR
            guard result == pid else { return exit.signal(status: -1) }
            let signal = status & 0x7f
            exit.signal(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }
        thread.name = "ponder-grader-wait"
        thread.stackSize = 1 << 18
        thread.start()
    }
}
