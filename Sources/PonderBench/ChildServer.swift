import Foundation

/// A `ponder` server subcommand (`sim`, `serve`, …) running as a child process, so what a benchmark
/// measures in its own process is the load generator alone and each server's CPU can be read apart.
///
///     let sim = try ChildServer.start(executable: ponder, arguments: ["sim", "--port", "0"])
///     defer { sim.stop() }
///     // requests to sim.baseURL; CPU from ChildProcessCPU.seconds(pid: sim.pid)
public final class ChildServer: Sendable {
    /// `http://HOST:PORT`, as the child announced it.
    public let origin: String
    public let pid: Int32
    private let process: ChildProcess

    /// The OpenAI base URL of the server.
    public var baseURL: String { origin + "/v1" }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable arguments…` and waits until it prints `listening on http://HOST:PORT`.
    ///
    /// The child's standard error is this process's; its standard output is watched for the line.
    public static func start(executable: String, arguments: [String], timeout: Double = 30) throws -> ChildServer {
        let pipe = try ChildProcess.pipe()
        let process: ChildProcess
        do {
            process = try ChildProcess(
                executable: executable, arguments: arguments, environment: ChildProcess.environment(), output: pipe.write,
                errors: STDERR_FILENO)
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        close(pipe.write)
        let output = ChildServerOutput(reading: FileHandle(fileDescriptor: pipe.read, closeOnDealloc: true))
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

    /// Starts a server that does not announce itself the way `ponder` does (optillm, for one): it is
    /// told its address in `arguments`, and it is up once `GET origin+healthPath` gets an HTTP answer (any
    /// status: a stand-in without the route answers 404, which shows as well that it listens).
    ///
    /// Its standard output and error go to the file at `logPath` (created or truncated), where they cannot
    /// fill a pipe; a start-up failure quotes the file's end. `environment` entries are added to this
    /// process's environment.
    public static func start(
        executable: String, arguments: [String], environment: [String: String] = [:], origin: String,
        healthPath: String, logPath: String, timeout: Double = 60
    ) throws -> ChildServer {
        guard FileManager.default.createFile(atPath: logPath, contents: nil), let log = FileHandle(forWritingAtPath: logPath) else {
            throw StartFailure(description: "cannot write the log file \(logPath)")
        }
        defer { try? log.close() }
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: ChildProcess.environment(adding: environment),
            output: log.fileDescriptor, errors: log.fileDescriptor)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && process.isRunning {
            if LoopbackHTTP.get(origin, path: healthPath, timeout: 2) != nil {
                return ChildServer(origin: origin, process: process)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let why = process.isRunning ? "did not answer GET \(healthPath) within \(timeout)s" : "exited"
        ChildServer(origin: "", process: process).stop()
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let command = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
        throw StartFailure(description: "`\(command)` \(why); the end of its log (\(logPath)):\n\(text.suffix(2000))")
    }

    private init(origin: String, process: ChildProcess) {
        self.origin = origin
        self.process = process
        self.pid = process.pid
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
