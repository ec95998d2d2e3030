import Foundation
import PonderBench
import Testing

/// `ponder bench optillm` at a tiny scale, run as the built binary, with no optillm installed: a
/// script that takes optillm's flags and runs `ponder serve` stands in for it (the daemon understands
/// optillm's `none-`, `self_consistency-` and `bon-` model ids). So every part runs for real — child
/// processes, load, the sims' counters, /proc, grading, `ponder compare`'s statistics, the report — and
/// the figures are checked for the accounting they must satisfy, never for speed.
@Suite(.serialized) struct OptillmBenchmarkTests {
    /// The JSON report's fields this suite reads.
    struct Report: Decodable {
        struct Load: Decodable {
            var proxy: String
            var strategy: String
            var model: String
            var clients: Int
            var requests: Int
            var failures: Int
            var requests_per_second: Double
            var latency_p50_ms: Double
            var latency_p99_ms: Double
            var backend_calls: Int?
            var generation_calls: Int?
            var scoring_calls: Int?
            var completion_tokens: Int?
            var proxy_cpu_us_per_request: Double?
            var proxy_peak_rss_bytes: UInt64?
            var max_calls_in_flight: Int?
        }
        struct Level: Decodable {
            var clients: Int
            var direct: Load
            var ponder: Load
            var optillm: Load
            var ponder_added_p50_ms: Double
        }
        struct Delayed: Decodable {
            struct Result: Decodable {
                var load: Load
                var one_call_ms: Double
                var times_one_call: Double?
                var fan_out: String
            }
            var one_call: Load
            var results: [Result]
        }
        struct Scale: Decodable {
            var target_calls_in_flight: Int
            var sims: Int
            var load: Load
            var peak_calls_in_flight: Int
            var ponder_cpu_us_per_call: Double?
            var sim_cpu_us_per_call: Double?
        }
        struct Accuracy: Decodable {
            struct Summary: Decodable {
                var strategy: String
                var proxy: String
                var problems: Int
                var correct: Int
                var accuracy: Double
                var mean_tokens: Double
                var backend_calls_per_problem: Double
                var wilson95: [Double]?
            }
            struct Difference: Decodable {
                var ponder: String
                var optillm: String
                var pairs: Int
                var mean_difference: Double
                var ci95: [Double]
            }
            var summaries: [Summary]
            var matched_sample_counts: [Difference]
            var optillm_best: String?
            var ponder_best_within_optillm_tokens: String?
            var difference: Difference?
        }
        struct Target: Decodable {
            var name: String
            var target: String
            var measured: String
            var passed: Bool?
        }
        var pass_through: [Level]
        var fan_out: [Load]
        var delayed: Delayed?
        var scale: Scale?
        var accuracy: Accuracy?
        var targets: [Target]
        var optillm_logs: [String]
    }

    /// A script that takes optillm's command line and serves it with `ponder serve` on the same address.
    static func standIn(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("optillm-stand-in").path
        let script = """
            #!/bin/sh
            # Takes optillm's flags (--host H --port P --base-url URL --model M --best-of-n N --log L).
            while [ $# -gt 1 ]; do
              case "$1" in
                --host) host=$2 ;; --port) port=$2 ;; --base-url) base=$2 ;; --model) model=$2 ;;
              esac
              shift 2
            done
            [ -n "$OPENAI_API_KEY" ] || { echo "no OPENAI_API_KEY" >&2; exit 2; }
            exec '\(try ProxyBenchmarkTests.ponderBinary())' serve --endpoint "$base" --model "$model" --host "$host" --port "$port" \\
              --max-concurrent-searches 64 --queue 64 --grace-period 1

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func everyPartRunsAgainstAStandInAndTheAccountingAddsUp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-bench-optillm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("results.json").path
        let run = try await ProxyBenchmarkTests().ponder([
            "bench", "optillm", "--optillm", try Self.standIn(in: directory), "--out", out,
            "--work-dir", directory.appendingPathComponent("work").path,
            "--concurrency", "2", "--requests", "40", "--optillm-requests", "20",
            "--fan-out-clients", "4", "--fan-out-requests", "24", "--optillm-fan-out-requests", "12",
            "--delayed-requests", "2", "--delayed-tokens-per-second", "500",
            "--scale-calls", "64", "--scale-calls-per-sim", "40", "--scale-tokens-per-second", "200", "--scale-rounds", "2",
            "--problems", "6", "--reps", "200",
        ])
        #expect(run.status == 0, "stderr: \(run.errors)")
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out)))

        // Pass-through: every request reached the sim once, through either proxy.
        let level = try #require(report.pass_through.first)
        #expect(report.pass_through.map(\.clients) == [2])
        for (load, proxy, requests) in [(level.direct, "direct", 40), (level.ponder, "ponder", 40), (level.optillm, "optillm", 20)] {
            #expect(load.proxy == proxy)
            #expect(load.requests == requests && load.failures == 0, "\(proxy)")
            #expect(load.backend_calls == requests, "\(proxy): `single`/`none` is one backend call per request")
            #expect(load.latency_p99_ms >= load.latency_p50_ms && load.latency_p50_ms > 0)
        }
        #expect(level.ponder.model == "single/sim-reasoner" && level.optillm.model == "none-sim-reasoner")
        #expect(abs(level.ponder_added_p50_ms - (level.ponder.latency_p50_ms - level.direct.latency_p50_ms)) < 1e-9)
        #if os(Linux)
        #expect((level.ponder.proxy_cpu_us_per_request ?? -1) >= 0 && (level.optillm.proxy_cpu_us_per_request ?? -1) >= 0)
        #expect(level.direct.proxy_cpu_us_per_request == nil)
        #endif

        // Fan-out on the instant sim: Ponder asks for all samples in one call; its best-of-n scores each.
        let fanOut = Dictionary(report.fan_out.map { ("\($0.proxy) \($0.strategy)", $0) }) { first, _ in first }
        #expect(report.fan_out.count == 5)
        let consistency = try #require(fanOut["ponder self-consistency N=5"])
        #expect(consistency.model == "self-consistency@5/sim-reasoner")
        #expect(consistency.failures == 0 && consistency.generation_calls == consistency.requests)
        let bestOfN = try #require(fanOut["ponder best-of-n N=8"])
        #expect(bestOfN.failures == 0 && bestOfN.generation_calls == bestOfN.requests)
        #expect(bestOfN.scoring_calls == 8 * bestOfN.requests, "one PRM call per sample")
        #expect(fanOut["optillm self-consistency N=5"]?.model == "self_consistency-sim-reasoner")
        #expect(fanOut["optillm best-of-n N=8"]?.model == "bon-sim-reasoner")
        #expect(fanOut["optillm self-consistency N=8"] == nil, "optillm has no 8-sample self-consistency")
        #if os(Linux)
        #expect(report.fan_out.allSatisfy { ($0.proxy_peak_rss_bytes ?? 0) > 1_000_000 })
        #endif

        // Delayed sim, one choice per call: Ponder's samples are calls in flight together, so a request
        // takes far less than its calls one after another would.
        let delayed = try #require(report.delayed)
        #expect(delayed.one_call.failures == 0 && delayed.one_call.latency_p50_ms > 0)
        let delayedConsistency = try #require(delayed.results.first { $0.load.proxy == "ponder" && $0.load.strategy == "self-consistency N=5" })
        #expect(delayedConsistency.load.failures == 0)
        #expect(delayedConsistency.load.generation_calls == 5 * delayedConsistency.load.requests)
        #expect(delayedConsistency.fan_out == "parallel")
        #expect((delayedConsistency.load.max_calls_in_flight ?? 0) > 1 && (delayedConsistency.load.max_calls_in_flight ?? 9) <= 5)
        #expect((delayedConsistency.times_one_call ?? 9) < 3, "5 calls one after another take ≥ 5×; side by side about 1×")

        // Scale: 8 clients × 8 calls, two sims of 40 as replicas; every call counted.
        let scale = try #require(report.scale)
        #expect(scale.target_calls_in_flight == 64 && scale.sims == 2)
        #expect(scale.load.clients == 8 && scale.load.requests == 16 && scale.load.failures == 0)
        #expect(scale.load.backend_calls == 8 * 16)
        #expect(scale.peak_calls_in_flight > 8 && scale.peak_calls_in_flight <= 64)
        #if os(Linux)
        #expect((scale.ponder_cpu_us_per_call ?? 0) > 0)
        // The sims' own CPU per call, for scale: their CPU over the calls they counted.
        #expect(scale.sim_cpu_us_per_call != nil && scale.sim_cpu_us_per_call! >= 0)
        #endif

        // Accuracy: seven configurations, each on the six problems, graded; the JSONL reads in `ponder compare`.
        let accuracy = try #require(report.accuracy)
        #expect(accuracy.summaries.map(\.strategy) == [
            "ponder:single", "ponder:self-consistency@5", "ponder:best-of-4@8", "ponder:self-consistency@8",
            "optillm:none", "optillm:self_consistency", "optillm:bon",
        ])
        for summary in accuracy.summaries {
            #expect(summary.problems == 6 && summary.mean_tokens > 0, "\(summary.strategy)")
            #expect(abs(summary.accuracy - Double(summary.correct) / 6) < 1e-9)
            let wilson = try #require(summary.wilson95)
            #expect(wilson[0] <= summary.accuracy && summary.accuracy <= wilson[1])
        }
        #expect(accuracy.summaries.first { $0.strategy == "ponder:single" }?.backend_calls_per_problem == 1)
        let optillmBest = try #require(accuracy.summaries.first { $0.strategy == accuracy.optillm_best })
        if let ponderBest = accuracy.summaries.first(where: { $0.strategy == accuracy.ponder_best_within_optillm_tokens }) {
            #expect(ponderBest.mean_tokens <= optillmBest.mean_tokens)
            let difference = try #require(accuracy.difference)
            #expect(difference.pairs == 6)
            #expect(abs(difference.mean_difference - (ponderBest.accuracy - optillmBest.accuracy)) < 1e-9)
            #expect(difference.ci95[0] <= difference.mean_difference && difference.mean_difference <= difference.ci95[1])
        }
        #expect(accuracy.matched_sample_counts.map { "\($0.ponder) \($0.optillm)" } == [
            "ponder:single optillm:none", "ponder:self-consistency@5 optillm:self_consistency", "ponder:best-of-4@8 optillm:bon",
        ])
        for difference in accuracy.matched_sample_counts {
            let ponder = try #require(accuracy.summaries.first { $0.strategy == difference.ponder })
            let optillm = try #require(accuracy.summaries.first { $0.strategy == difference.optillm })
            #expect(difference.pairs == 6 && abs(difference.mean_difference - (ponder.accuracy - optillm.accuracy)) < 1e-9)
        }
        let rows = directory.appendingPathComponent("results.accuracy.jsonl").path
        #expect(try String(contentsOfFile: rows, encoding: .utf8).split(separator: "\n").count == 42)
        let compare = try await ProxyBenchmarkTests().ponder(["compare", rows, "--json", "--reps", "100"])
        #expect(compare.status == 0, "stderr: \(compare.errors)")
        #expect(compare.output.contains("\"optillm:bon\"") && compare.output.contains("\"ponder:best-of-4@8\""))

        // Targets: judged on the figures above.
        #expect(report.targets.count == 10)
        let passThroughTarget = try #require(report.targets.first)
        #expect(passThroughTarget.passed == nil && passThroughTarget.measured == "not measured", "no 64-client level was run")
        let addedTarget = report.targets[1]
        #expect(addedTarget.name == "Ponder's added p50 at 2 clients")
        #expect(addedTarget.passed == (level.ponder_added_p50_ms <= 0.5))
        for target in report.targets where target.name.hasPrefix("fan-out ") {
            let name = target.name.dropFirst("fan-out ".count)
            let strategy = try #require(name.range(of: " requests/s").map { name[..<$0.lowerBound] })
            let ponder = try #require(fanOut["ponder \(strategy)"])
            let optillm = try #require(fanOut["optillm \(strategy)"])
            #expect(target.passed == (ponder.requests_per_second / optillm.requests_per_second >= 20), "\(target)")
        }
        #expect(report.optillm_logs.count == 2)
        #expect(run.output.contains("| target | aim | measured | result |"))
        #expect(run.output.contains("**Accuracy per token**"))
    }

    @Test func theSelectionComparesAtEqualTokens() throws {
        // optillm's best is its most accurate approach; Ponder's is the most accurate preset that spent
        // no more tokens — a more accurate but dearer preset does not count.
        func rows(_ strategy: String, _ proxy: String, correct: Int, tokens: Double) -> [OptillmAccuracyRow] {
            (0..<10).map { index in
                OptillmAccuracyRow(
                    strategy: strategy, proxy: proxy, problemID: "p\(index)", score: index < correct ? 1 : 0, tokens: tokens,
                    promptTokens: 10, completionTokens: Int(tokens) - 10, backendCalls: 1, scoringCalls: 0, latencyMS: 1, answer: "1",
                    error: nil)
            }
        }
        let part = OptillmAccuracyPart(
            rows: rows("ponder:cheap", "ponder", correct: 7, tokens: 300) + rows("ponder:dear", "ponder", correct: 10, tokens: 900)
                + rows("optillm:a", "optillm", correct: 6, tokens: 500) + rows("optillm:b", "optillm", correct: 6, tokens: 400)
                + rows("optillm:c", "optillm", correct: 2, tokens: 100))
        #expect(part.optillmBest == "optillm:b", "ties go to the cheaper approach")
        #expect(part.ponderBest == "ponder:cheap")
        #expect(part.summaries.map(\.accuracy) == [0.7, 1.0, 0.6, 0.6, 0.2])

        var report = OptillmReport(settings: OptillmSettings(), machine: OptillmMachine(build: "debug"))
        report.accuracy = part
        let target = try #require(OptillmTarget.evaluate(report).last)
        #expect(target.passed == true)
        #expect(target.measured.contains("ponder:cheap − optillm:b = +10.0 points (no interval)"), "\(target.measured)")

        let dearOnly = OptillmAccuracyPart(rows: rows("ponder:dear", "ponder", correct: 10, tokens: 900) + rows("optillm:b", "optillm", correct: 6, tokens: 400))
        #expect(dearOnly.ponderBest == nil)
        report.accuracy = dearOnly
        #expect(OptillmTarget.evaluate(report).last?.passed == false)
    }

    @Test func aChunkedAnswerAndAVmHWMLineAreRead() throws {
        let chunked = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n6;x=y\r\n:[1,2]\r\n1\r\n}\r\n0\r\n\r\n".utf8)
        let response = try #require(LoopbackHTTP.parse(chunked))
        #expect(response.status == 200 && response.body == "{\"a\":[1,2]}")
        let sized = Array("HTTP/1.0 404 NOT FOUND\r\nContent-Length: 2\r\n\r\nhi there".utf8)
        #expect(LoopbackHTTP.parse(sized).map { "\($0.status) \($0.body)" } == "404 hi")
        #expect(LoopbackHTTP.parse(Array("HTTP/1.1 200 OK\r\n".utf8)) == nil, "no end of the head")

        let status = "Name:\tponder\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"
        #expect(ProcessMemory.kilobytes(of: "VmHWM", fromStatus: status) == 204_800)
        #expect(ProcessMemory.residentKilobytes(fromStatus: status) == 102_400)
        #if os(Linux)
        // The high-water mark read after the resident size can only be at least as large.
        let resident = try #require(ProcessMemory.residentBytes(pid: getpid()))
        let peak = try #require(ProcessMemory.peakResidentBytes(pid: getpid()))
        #expect(peak >= resident && resident > 0)
        #endif
    }

    @Test func anUnknownPartIsRefusedBeforeAnythingStarts() async throws {
        let run = try await ProxyBenchmarkTests().ponder(["bench", "optillm", "--optillm", "/nonexistent", "--part", "speed"])
        #expect(run.status != 0)
        #expect(run.errors.contains("--part speed: the parts are pass-through, fan-out, delayed, scale, accuracy"))
        #expect(run.output.isEmpty)
    }
}
