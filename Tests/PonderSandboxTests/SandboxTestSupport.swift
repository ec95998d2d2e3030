import Foundation
import PonderSandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// All tests that run programs in the sandbox live in suites nested in this one, so they run one at a
/// time: the process limit counts every process of `nobody`, and the stray-process checks look at all of
/// them.
@Suite("Sandboxed runs", .serialized)
enum SandboxedRuns {}

enum SandboxTestSupport {
    static let sandbox = Sandbox(limits: SandboxLimits(wallTime: .seconds(5), memoryBytes: 256 * SandboxLimits.mebibyte))

    static func limits(
        wall: Duration = .seconds(5), cpu: Int? = nil, memory: Int? = 256 * SandboxLimits.mebibyte,
        processes: Int = 32, output: Int = 64 * 1024
    ) -> SandboxLimits {
        SandboxLimits(
            wallTime: wall, cpuSeconds: cpu, memoryBytes: memory, maxProcesses: processes, maxOutputBytes: output)
    }

    static func python(_ code: String, limits: SandboxLimits = limits(), files: [SandboxFile] = []) async
        -> SandboxResult
    {
        await sandbox.run(["python3", "-c", code], files: files, limits: limits)
    }

    /// PIDs of live processes whose real uid is `uid` (default `nobody`).
    static func processes(ofUser uid: UInt32 = 65534) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
            else { return nil }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count > 1, UInt32(fields[1]) == uid else { return nil }
            // Zombies already dead but not reaped by a host process are not "running".
            if let state = status.split(separator: "\n").first(where: { $0.hasPrefix("State:") }), state.contains("Z") {
                return nil
            }
            return pid
        }
    }

    /// Processes of the sandbox user still there after a grace period: a killed process can take a moment
    /// to leave /proc on a loaded machine, while an escaped one (a `setsid sleep 100`) is still there.
    static func strayProcesses(grace: Duration = .seconds(3)) async -> [Int32] {
        let deadline = ContinuousClock.now + grace
        var left = processes()
        while !left.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            left = processes()
        }
        return left
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
