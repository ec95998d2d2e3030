import ArgumentParser
import PonderBackends
import PonderBench
import PonderSim

import class FoundationEssentials.JSONEncoder

/// `ponder bench`: measurements that are reported as figures, not asserted by tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of Ponder's own cost (build with -c release for meaningful figures).",
        subcommands: [BenchClientCommand.self, BenchStrategiesCommand.self, BenchProxyCommand.self, BenchFuzzCommand.self, BenchSoakCommand.self,
            BenchOptillmCommand.self])
}

/// `ponder bench client`: CPU time per backend call and calls/s against a `ponder sim` child process.
struct BenchClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "CPU per backend call and calls/s at given numbers of calls in flight, against the sim in its own process.")

    @Option(name: .customLong("concurrency"), help: "Calls in flight; repeat for several levels.")
    var levels: [Int] = [64, 512]

    @Option(help: "Calls measured per level (after a warm-up of a tenth as many).")
    var calls: Int = 40_000

    @Option(
        name: .customLong("mode"),
        help: "What a call is: ponder (the full client path; PONDER_HTTP_CLIENT=ahc puts it on AsyncHTTPClient), lean-bare or bare-http (a bare exchange through the lean client or AsyncHTTPClient); repeat for several.")
    var modes: [ClientBenchmark.Mode] = ClientBenchmark.Mode.allCases

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard levels.allSatisfy({ $0 > 0 && $0 <= 20_000 }) else { throw ValidationError("--concurrency must be from 1 to 20000") }
        guard !modes.isEmpty else { throw ValidationError("--mode needs at least one mode") }
        guard calls >= levels.max() ?? 1 else { throw ValidationError("--calls must be at least the largest --concurrency") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let interrupts = BenchInterrupts()
            defer { withExtendedLifetime(interrupts) {} }
            let sim = try SimProcess.start(executable: CurrentExecutable.path)
            defer { sim.stop() }
            let transport = HTTPTransport()
            let question = SimProblemGenerator.generate(count: 1, seed: 1, difficulty: .level(3))[0].question
            let benchmark = ClientBenchmark(baseURL: sim.baseURL, model: "sim-reasoner", question: question)
            var results: [(ClientBenchmark.Mode, ClientBenchmark.Result)] = []
            for level in levels {
                for mode in modes {
                    _ = try await benchmark.run(concurrency: level, calls: max(level, calls / 10), transport: transport, mode: mode)
                    results.append((mode, try await benchmark.run(concurrency: level, calls: calls, transport: transport, mode: mode)))
                }
            }
            try await transport.shutdown()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let rows = results.map { BenchRow(mode: $0.0.rawValue, client: client(of: $0.0, transport).rawValue, result: $0.1) }
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            } else {
                print("ponder's non-streaming calls go through: \(transport.nonStreamingClient == .lean ? "the lean client" : "AsyncHTTPClient (PONDER_HTTP_CLIENT=ahc)")")
                print("path        in flight    calls   failures   calls/s   CPU µs/call   p50 ms   p99 ms")
                for (mode, r) in results {
                    print(
                        mode.rawValue.padding(11), pad(r.concurrency, 9), pad(r.calls, 8), pad(r.failures, 10), pad(Int(r.callsPerSecond), 9),
                        pad(String(format1(r.cpuMicrosecondsPerCall)), 13), pad(String(format1(r.latencyP50Milliseconds)), 8),
                        pad(String(format1(r.latencyP99Milliseconds)), 8))
                }
            }
        }
    }

    private struct BenchRow: Encodable {
        var mode: String
        /// The HTTP client that carried the calls: "lean" or "ahc".
        var client: String
        var result: ClientBenchmark.Result
    }

    private func client(of mode: ClientBenchmark.Mode, _ transport: HTTPTransport) -> HTTPTransport.NonStreamingClient {
        switch mode {
        case .ponder: transport.nonStreamingClient
        case .leanBare: .lean
        case .bareHTTP: .asyncHTTPClient
        }
    }

    private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}

extension ClientBenchmark.Mode: ExpressibleByArgument {}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
