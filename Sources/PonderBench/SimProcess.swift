import Foundation

/// A `ponder sim` running as a child process, so a benchmark's own CPU time is Ponder's alone.
public final class SimProcess: @unchecked Sendable {
    public let baseURL: String
    private let process: Process

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable sim --port 0 <arguments>` and waits for its `listening on` line.
    public static func start(executable: String, arguments: [String] = [], timeout: Double = 30) throws -> SimProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["sim", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let handle = output.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on ") {
                let rest = text[range.upperBound...]
                if let end = rest.firstIndex(of: "\n") {
                    return SimProcess(baseURL: String(rest[..<end]) + "/v1", process: process)
                }
            }
        }
        process.terminate()
        throw StartFailure(description: "the sim did not print 'listening on' within \(timeout)s; output: \(String(decoding: buffer, as: UTF8.self))")
    }

    private init(baseURL: String, process: Process) {
        self.baseURL = baseURL
        self.process = process
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
