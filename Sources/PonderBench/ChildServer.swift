import Foundation

/// A `ponder` server subcommand (`sim`, `serve`, …) running as a child process, so what a benchmark
/// measures in its own process is the load generator alone and each server's CPU can be read apart.
///
///     let sim = try ChildServer.start(executable: ponder, arguments: ["sim", "--port", "0"])
///     defer { sim.stop() }
///     // requests to sim.baseURL; CPU from ChildProcessCPU.seconds(pid: sim.pid)
public final class ChildServer: @unchecked Sendable {
    /// `http://HOST:PORT`, as the child announced it.
    public let origin: String
    public let pid: Int32
    // @unchecked: `Process` is only touched by `stop()`, which any caller may repeat.
    private let process: Process

    /// The OpenAI base URL of the server.
    public var baseURL: String { origin + "/v1" }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable arguments…` and waits until it prints `listening on http://HOST:PORT`.
    ///
    /// The child's standard error is this process's; its standard output is watched for the line.
    public static func start(executable: String, arguments: [String], timeout: Double = 30) throws -> ChildServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        let output = ChildServerOutput(reading: pipe.fileHandleForReading)
        try process.run()
        let command = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let origin = output.origin {
                return ChildServer(origin: origin, process: process)
            }
            if output.ended || !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let server = ChildServer(origin: "", process: process)
        server.stop()
        let why = output.ended || !process.isRunning ? "exited" : "did not say it was listening within \(timeout)s"
        throw StartFailure(description: "`\(command)` \(why); its output: \(output.textSoFar)")
    }

    private init(origin: String, process: Process) {
        self.origin = origin
        self.process = process
        self.pid = process.processIdentifier
    }

    /// Sends SIGTERM and waits for the child to exit; SIGKILL if it has not within `grace` seconds.
    public func stop(grace: Double = 10) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
