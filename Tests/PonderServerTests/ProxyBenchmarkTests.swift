import Foundation
import PonderBench
import Testing

/// `ponder bench proxy` at a tiny scale, run as the built binary: it starts the sim and the daemon as
/// child processes and drives both, so this covers the whole path (child start-up, load, /proc CPU,
/// report). Figures are checked for consistency, never for speed.
@Suite(.serialized) struct ProxyBenchmarkTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The `ponder` binary next to this test bundle (both are products of the same build).
    static func ponderBinary() throws -> String {
        #if os(Linux)
        let runner = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
        let runner = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath ?? CommandLine.arguments[0]
        #endif
        let path = URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("ponder").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }

    /// Runs the built `ponder` with `arguments` to its end, waiting on a thread of its own.
    func ponder(_ arguments: [String]) async throws -> Run {
        try await OffPool.run { try Self.runToEnd(arguments) }
    }

    private static func runToEnd(_ arguments: [String]) throws -> Run {
        let output = try ChildProcess.pipe()
        // Standard error (progress, the children's logs) goes to a file: a second pipe could fill up
        // while this reads the first.
        let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-bench-proxy-\(UUID()).log").path
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorsPath) }
        guard let errors = FileHandle(forWritingAtPath: errorsPath) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorsPath])
        }
        let reader = FileHandle(fileDescriptor: output.read, closeOnDealloc: true)
        let process: ChildProcess
        do {
            process = try ChildProcess(
                executable: try Self.ponderBinary(), arguments: arguments, environment: ChildProcess.environment(),
                output: output.write, errors: errors.fileDescriptor)
        } catch {
            close(output.write)
            throw error
        }
        close(output.write)
        let data = reader.readDataToEndOfFile()
        let status = process.waitUntilExit()
        try errors.close()
        let errorText = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        return Run(status: status, output: String(decoding: data, as: UTF8.self), errors: errorText)
    }

    /// The JSON report's fields this suite reads.
    struct Report: Decodable {
        struct Result: Decodable {
            var target: String
            var connections: Int
            var requests: Int
            var failures: Int
            var sim_answered: Int?
            var requests_per_second: Double
            var latency_p50_ms: Double
            var latency_p99_ms: Double
            var daemon_cpu_us_per_request: Double?
            var sim_cpu_us_per_request: Double?
        }
        struct Level: Decodable {
            var connections: Int
            var direct: Result
            var daemon: Result
            var added_latency_p50_ms: Double
        }
        struct Verdict: Decodable {
            var failures: Int
            var unanswered: Int
            var added_latency_p50_ms_at_64: Double?
            var added_latency_met: Bool?
            var added_latency_open_loop_rate: Double?
            var level_added_latency_p50_ms_at_64: Double?
            var daemon_cpu_max_at_connections: Int?
            var sim_cpu_us_per_request_at_daemon_cpu_max: Double?
        }
        struct Probe: Decodable {
            var rate: Double
            var level: Level
        }
        var levels: [Level]
        var verdict: Verdict
        var latency_probe: Probe?
    }

    @Test func everyRequestIsAnsweredOnBothTargetsAndTheFiguresAgree() async throws {
        let run = try await ponder(["bench", "proxy", "--concurrency", "3", "--concurrency", "64", "--requests", "130", "--json"])
        #expect(run.status == 0, "stderr: \(run.errors)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.output.utf8))
        #expect(report.levels.map(\.connections) == [3, 64])
        for level in report.levels {
            #expect(level.direct.target == "direct")
            #expect(level.daemon.target == "daemon")
            for result in [level.direct, level.daemon] {
                #expect(result.connections == level.connections)
                #expect(result.requests == 130)
                #expect(result.failures == 0)
                // The sim's own counters: every request, also those through the daemon, reached the model.
                #expect(result.sim_answered == 130)
                #expect(result.latency_p50_ms > 0 && result.latency_p99_ms >= result.latency_p50_ms)
                #expect(result.requests_per_second > 0)
                #if os(Linux)
                // Read from the children's /proc/PID/stat: present and a count of time.
                #expect(result.daemon_cpu_us_per_request.map { $0 >= 0 } == true)
                #expect(result.sim_cpu_us_per_request.map { $0 >= 0 } == true)
                #endif
            }
            #expect(abs(level.added_latency_p50_ms - (level.daemon.latency_p50_ms - level.direct.latency_p50_ms)) < 1e-9)
        }
        #expect(report.verdict.failures == 0)
        #expect(report.verdict.unanswered == 0)
        // A closed-loop run with 64 connections measures that level again on an open loop (2000/s by
        // default), and the verdict's added p50 is that one, the closed loop's kept beside it.
        let probe = try #require(report.latency_probe)
        #expect(probe.rate == 2000 && probe.level.connections == 64)
        for result in [probe.level.direct, probe.level.daemon] {
            #expect(result.requests == 130 && result.failures == 0 && result.sim_answered == 130)
        }
        let addedAt64 = try #require(report.verdict.added_latency_p50_ms_at_64)
        #expect(abs(addedAt64 - probe.level.added_latency_p50_ms) < 1e-9)
        #expect(report.verdict.added_latency_open_loop_rate == 2000)
        #expect(report.verdict.level_added_latency_p50_ms_at_64.map { abs($0 - report.levels[1].added_latency_p50_ms) < 1e-9 } == true)
        #expect(report.verdict.added_latency_met == (addedAt64 <= 0.5))
        #if os(Linux)
        #expect([3, 64].contains(report.verdict.daemon_cpu_max_at_connections ?? 0))
        // Beside the worst level's daemon CPU, the sim's own in the same phases, for scale.
        let worst = try #require(report.levels.first { $0.connections == report.verdict.daemon_cpu_max_at_connections })
        #expect(report.verdict.sim_cpu_us_per_request_at_daemon_cpu_max == worst.daemon.sim_cpu_us_per_request)
        #endif
    }

    @Test func withoutTheLatencyProbeTheVerdictTakesTheClosedLoopsAddedLatency() async throws {
        let run = try await ponder(["bench", "proxy", "--concurrency", "64", "--requests", "128", "--latency-rate", "0", "--json"])
        #expect(run.status == 0, "stderr: \(run.errors)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.output.utf8))
        #expect(report.latency_probe == nil)
        #expect(report.verdict.added_latency_open_loop_rate == nil && report.verdict.level_added_latency_p50_ms_at_64 == nil)
        let addedAt64 = try #require(report.verdict.added_latency_p50_ms_at_64)
        #expect(abs(addedAt64 - report.levels[0].added_latency_p50_ms) < 1e-9)
        let rejected = try await ponder(["bench", "proxy", "--latency-rate=-1"])
        #expect(rejected.status != 0 && rejected.errors.contains("--latency-rate must be 0 (not run) or positive"))
    }

    @Test func theTableHasARowPerTargetAndAVerdict() async throws {
        let run = try await ponder(["bench", "proxy", "--concurrency", "2", "--requests", "8"])
        #expect(run.status == 0, "stderr: \(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("| connections | target | requests | failures |") == true)
        #expect(lines.filter { $0.hasPrefix("| 2 | direct | 8 | 0 | 8 |") }.count == 1, "\(run.output)")
        #expect(lines.filter { $0.hasPrefix("| 2 | daemon | 8 | 0 | 8 |") }.count == 1, "\(run.output)")
        let verdict = try #require(lines.last)
        #expect(verdict.hasPrefix("verdict: added p50 at 64 connections not measured"))
        #expect(verdict.contains("target ≤ 100 µs") || verdict.contains("Ponder CPU not measured"))
        #expect(lines.contains { $0.hasPrefix("load: closed loop") })
    }

    @Test func anOpenLoopRunKeepsToItsSchedule() async throws {
        // 40 requests per target (warm-up 4) at 100/s: at least 0.4 s per measured target.
        let started = Date()
        let run = try await ponder(["bench", "proxy", "--concurrency", "4", "--requests", "40", "--rate", "100"])
        #expect(run.status == 0, "stderr: \(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("| 4 | direct | 40 | 0 | 40 |") }.count == 1, "\(run.output)")
        #expect(lines.filter { $0.hasPrefix("| 4 | daemon | 40 | 0 | 40 |") }.count == 1, "\(run.output)")
        #expect(lines.contains("load: open loop, 100 requests/s on a fixed schedule; latency from each scheduled send"))
        #expect(Date().timeIntervalSince(started) >= 0.8, "two targets of 40 requests at 100/s cannot finish sooner")
        let rejected = try await ponder(["bench", "proxy", "--rate", "0"])
        #expect(rejected.status != 0 && rejected.errors.contains("--rate must be positive"))
    }

    @Test func tooFewRequestsForTheConnectionsIsRefusedBeforeAnythingStarts() async throws {
        let run = try await ponder(["bench", "proxy", "--concurrency", "64", "--requests", "100"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--requests must be at least twice the largest --concurrency"))
        #expect(run.output.isEmpty)
    }
}
