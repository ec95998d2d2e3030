import ArgumentParser
import PonderBench
import PonderSim

import class FoundationEssentials.JSONEncoder

/// `ponder bench soak`: a bounded soak of mixed strategies through `ponder serve` at steady concurrency.
struct BenchSoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "A bounded soak (≤ 10 minutes, loopback) of mixed strategies through `ponder serve`: errors, RSS plateau, stable latency.",
        discussion: """
            Starts `ponder sim` and `ponder serve --endpoint SIM` as child processes on 127.0.0.1 (port 0), then keeps \
            --concurrency requests in flight through the daemon for --seconds, each request taking the next of \
            --strategies round-robin (model id PRESET/sim-reasoner). Every --window seconds it records requests, \
            errors by kind, p50/p99 latency and the daemon's peak RSS (VmRSS, /proc/PID/status) and CPU. Verdicts: \
            no error; the peak RSS of the last half of the windows at most --rss-growth-limit above the first \
            half's (window 0 is a warm-up); the last window's p99 at most --latency-ratio-limit times the median \
            window p99. Exits 1 when a verdict fails.
            """)

    @Option(help: "Seconds of load (at most 600).")
    var seconds: Int = 120

    @Option(help: "Requests kept in flight (client loops).")
    var concurrency: Int = 32

    @Option(help: "Presets, comma-separated, taken round-robin by the requests.")
    var strategies: String = "single,best-of-4,beam-prm,auto"

    @Option(help: "Seconds per window of figures.")
    var window: Int = 10

    @Option(help: "Largest growth of the peak RSS from the first half to the last half (0.10: 10%).")
    var rssGrowthLimit: Double = 0.10

    @Option(help: "Largest ratio of the last window's p99 to the median window p99.")
    var latencyRatioLimit: Double = 2.0

    @Option(help: "The sim's decode speed per request in tokens/s (0 = instant).")
    var simTokensPerSecond: Double = 0

    @Flag(help: "Print JSON instead of a markdown table.")
    var json = false

    var strategyList: [String] {
        strategies.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard seconds > 0 && seconds <= 600 else { throw ValidationError("--seconds must be from 1 to 600") }
        guard concurrency > 0 && concurrency <= 4096 else { throw ValidationError("--concurrency must be from 1 to 4096") }
        guard window > 0 && window <= seconds else { throw ValidationError("--window must be from 1 to --seconds") }
        guard !strategyList.isEmpty else { throw ValidationError("--strategies needs at least one preset") }
        guard rssGrowthLimit >= 0 else { throw ValidationError("--rss-growth-limit must not be negative") }
        guard latencyRatioLimit >= 1 else { throw ValidationError("--latency-ratio-limit must be at least 1") }
        guard simTokensPerSecond >= 0 else { throw ValidationError("--sim-tokens-per-second must not be negative") }
    }

    func run() async throws {
        let report = try await CommandErrors.reported {
            #if DEBUG
            FileHandleWriter.standardError("note: a debug build; build with -c release for figures that mean something\n")
            #endif
            let model = "sim-reasoner"
            let interrupts = BenchInterrupts()
            defer { withExtendedLifetime(interrupts) {} }
            let sim = try SimProcess.start(
                executable: CurrentExecutable.path,
                arguments: ["--model-name", model, "--tokens-per-second", "\(simTokensPerSecond)"])
            defer { sim.stop() }
            let daemon = try ChildServer.start(
                executable: CurrentExecutable.path,
                arguments: [
                    "serve", "--endpoint", sim.baseURL, "--model", model, "--host", "127.0.0.1", "--port", "0",
                    "--default-strategy", "single", "--grace-period", "1",
                    // A search slot per client loop and room to queue as many: steady load, no 429s by design.
                    "--max-concurrent-searches", "\(concurrency)", "--queue", "\(concurrency)",
                ])
            defer { daemon.stop() }
            let questions = SimProblemGenerator.generate(count: 64, seed: 1, difficulty: .level(3)).map(\.question)
            let run = SoakRun(
                daemonOrigin: daemon.origin, daemonPID: daemon.pid, simPID: sim.pid, model: model,
                strategies: strategyList, questions: questions,
                limits: SoakVerdict.Limits(rssGrowthLimit: rssGrowthLimit, latencyRatioLimit: latencyRatioLimit))
            FileHandleWriter.standardError(
                "soak: \(concurrency) loops for \(seconds) s through \(daemon.origin), windows of \(window) s…\n")
            return try await run.run(seconds: Double(seconds), window: Double(window), concurrency: concurrency)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
        if !report.passed { throw ExitCode.failure }
    }
}
