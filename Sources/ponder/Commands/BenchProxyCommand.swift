import ArgumentParser
import PonderBench
import PonderCore
import PonderSim

import class FoundationEssentials.JSONEncoder

/// `ponder bench proxy`: the latency and CPU the daemon adds to a request, against the sim without it.
struct BenchProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Latency and CPU `ponder serve` adds: `single` through the daemon vs. straight to the sim, side by side.",
        discussion: """
            Starts `ponder sim` (zero delay) and `ponder serve --endpoint SIM --default-strategy single` as child \
            processes, then sends the same chat completion (max_tokens 64) to each from this process, with the \
            given numbers of connections kept busy; the daemon gets a search slot per connection \
            (--max-concurrent-searches). Ponder CPU is the daemon's user + system time per request \
            (/proc/PID/stat); "sim answered" counts the requests the sim answered meanwhile (/sim/stats), \
            which should equal the requests sent. A closed-loop run that includes 64 connections then measures \
            that level again on an open loop at --latency-rate requests/s: with every connection busy the \
            latency is mostly waiting for a core, so the added p50 is judged where the machine keeps up. \
            Targets (issue 4): at most 0.5 ms added p50 at 64 connections and 100 µs Ponder CPU per request, \
            in a release build.
            """)

    @Option(name: .customLong("concurrency"), help: "Connections kept busy (requests in flight); repeat for several levels.")
    var levels: [Int] = [64, 512]

    @Option(help: "Requests measured per target and level (after a warm-up of a tenth as many).")
    var requests: Int = 20_000

    @Option(help: "Open loop: requests per second in all, on a fixed schedule (default: closed loop, as fast as answers come).")
    var rate: Double?

    @Option(help: "After a closed-loop run with 64 connections: that level again on an open loop at this many requests/s, for the added p50 (0: not run).")
    var latencyRate: Double = ProxyLatencyProbe.defaultRate

    @Flag(help: "Print JSON instead of a markdown table.")
    var json = false

    func validate() throws {
        guard levels.allSatisfy({ $0 > 0 && $0 <= 20_000 }) else { throw ValidationError("--concurrency must be from 1 to 20000") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be positive") }
        guard latencyRate >= 0, latencyRate.isFinite else { throw ValidationError("--latency-rate must be 0 (not run) or positive") }
        guard requests >= 2 * (levels.max() ?? 1) else {
            throw ValidationError("--requests must be at least twice the largest --concurrency (each target is measured in two halves)")
        }
    }

    func run() async throws {
        try await CommandErrors.reported {
            #if DEBUG
            FileHandleWriter.standardError("note: a debug build; build with -c release for figures that mean something\n")
            #endif
            let model = "sim-reasoner"
            let interrupts = BenchInterrupts()
            defer { withExtendedLifetime(interrupts) {} }
            let sim = try SimProcess.start(executable: CurrentExecutable.path, arguments: ["--model-name", model])
            defer { sim.stop() }
            let daemon = try ChildServer.start(
                executable: CurrentExecutable.path,
                arguments: [
                    "serve", "--endpoint", sim.baseURL, "--model", model, "--port", "0",
                    "--default-strategy", "single", "--grace-period", "1",
                    // Every connection gets a search slot: this measures the proxy path, not admission.
                    "--max-concurrent-searches", "\(levels.max() ?? 1)",
                ])
            defer { daemon.stop() }
            let question = SimProblemGenerator.generate(count: 1, seed: 1, difficulty: .level(3))[0].question
            let benchmark = ProxyBenchmark(
                simOrigin: sim.origin, daemonOrigin: daemon.origin, simPID: sim.pid, daemonPID: daemon.pid,
                request: ChatCompletionRequest(
                    model: model, messages: [.user(question)], sampling: SamplingParameters(maxTokens: 64)),
                rate: rate)
            var results: [ProxyBenchmark.Level] = []
            for level in levels {
                FileHandleWriter.standardError("\(level) connections: \(requests) requests to each target…\n")
                results.append(try await benchmark.run(connections: level, requests: requests))
            }
            var latencyProbe: ProxyLatencyProbe?
            if rate == nil, latencyRate > 0, levels.contains(ProxyVerdict.latencyConnections) {
                let connections = ProxyVerdict.latencyConnections
                FileHandleWriter.standardError(
                    "\(connections) connections, open loop at \(Int(latencyRate.rounded())) requests/s: \(requests) requests to each target…\n")
                var openLoop = benchmark
                openLoop.rate = latencyRate
                latencyProbe = ProxyLatencyProbe(
                    rate: latencyRate, level: try await openLoop.run(connections: connections, requests: requests))
            }
            let report = ProxyReport(levels: results, rate: rate, latencyProbe: latencyProbe)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.table)
            }
        }
    }
}
