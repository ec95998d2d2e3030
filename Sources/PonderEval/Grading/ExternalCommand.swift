import Foundation

/// Runs `/bin/sh -c COMMAND` on the host with a timeout, without blocking a Swift concurrency thread.
///
/// Stdin, stdout and stderr are temporary files, not pipes: a program that writes a lot before reading
/// its input cannot deadlock against us, and no thread has to pump pipes while we wait.
struct ExternalCommand: Sendable {
    var command: String
    var timeout: Duration

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
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)

        let finished = ProcessExit()
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw GradingError(message: "cannot start /bin/sh for '\(command)': \(error)")
        }
        let timedOut = await finished.wait(timeout: timeout)
        if timedOut {
            stop(process, signal: SIGTERM)
            if await finished.wait(timeout: .seconds(1)) {
                stop(process, signal: SIGKILL)
                _ = await finished.wait(timeout: .seconds(5))
            }
            throw GradingError(message: "'\(command)' ran longer than \(timeout)")
        }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Output(
            status: status,
            stdout: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }

    /// Signals the command and everything it started. Foundation starts the child as the leader of its
    /// own process group, and the shell's children must go too: Foundation sees the end only once every
    /// holder of the child's descriptors has exited.
    private func stop(_ process: Process, signal: Int32) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        if getpgid(pid) == pid, pid != getpgrp() {
            kill(-pid, signal)
        } else {
            kill(pid, signal)
        }
    }
}
