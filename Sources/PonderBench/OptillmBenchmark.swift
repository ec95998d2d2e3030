import Foundation

/// `ponder bench optillm`: Ponder and optillm side by side on the same simulated backend, in one run.
///
///     let benchmark = OptillmBenchmark(ponderExecutable: ponder, optillmExecutable: optillm,
///                                      workDirectory: "/tmp/run", settings: settings)
///     let report = try await benchmark.run { print($0) }
///     report.table   // markdown; the report itself encodes to the JSON document
///
/// Each group of parts gets fresh child processes, all on 127.0.0.1, stopped before the next starts:
/// - the instant sim (`ponder sim`, no delay), `ponder serve` and optillm in front of it: pass-through,
///   fan-out and accuracy;
/// - a delayed sim (tokens/s per call, a capacity, one choice per call) with its own Ponder (told
///   `max_n: 1`) and optillm: wall time per request against one backend call;
/// - enough slow sims for the scale part's calls, as replicas behind one Ponder.
/// The load generator is this process (`ProxyBenchmark`'s bare exchange); the children's CPU and memory
/// come from `/proc`, and backend calls and tokens from the sims' own counters.
public struct OptillmBenchmark: Sendable {
    public var ponderExecutable: String
    public var optillmExecutable: String
    /// Where the config files and optillm's logs go (created if missing).
    public var workDirectory: String
    public var settings: OptillmSettings
    /// How the `ponder` binary was built, for the report.
    public var build: String

    public init(ponderExecutable: String, optillmExecutable: String, workDirectory: String, settings: OptillmSettings, build: String) {
        self.ponderExecutable = ponderExecutable
        self.optillmExecutable = optillmExecutable
        self.workDirectory = workDirectory
        self.settings = settings
        self.build = build
    }

    public func run(progress: @escaping @Sendable (String) -> Void) async throws -> OptillmReport {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        var report = OptillmReport(settings: settings, machine: OptillmMachine(build: build))
        let started = Date()
        if settings.includes(.passThrough) || settings.includes(.fanOut) || settings.includes(.accuracy) {
            try await instantParts(into: &report, progress: progress)
        }
        if settings.includes(.delayed) {
            progress("delayed sim: \(settings.delayedRequests) requests per strategy and proxy, one at a time…")
            let targets = try startTargets(
                name: "delayed",
                simArguments: [
                    "--tokens-per-second", "\(settings.delayedTokensPerSecond)", "--max-concurrency", "\(settings.delayedCapacity)",
                    "--max-n", "1",
                ],
                sims: 1, maxConcurrencyPerReplica: settings.delayedCapacity, maxN: 1, searches: 16, withOptillm: true, report: &report)
            defer { stop(targets) }
            report.delayed = try await OptillmDelayedFanOut(targets: targets, settings: settings).run()
        }
        if settings.includes(.scale) {
            let clients = OptillmScale.clients(settings)
            progress(
                "scale: \(clients) requests of \(settings.scaleSamples) calls in flight over \(OptillmScale.sims(settings)) sims, "
                    + "\(settings.scaleRounds) measured rounds after one to warm up…")
            let targets = try startTargets(
                name: "scale",
                simArguments: ["--tokens-per-second", "\(settings.scaleTokensPerSecond)", "--max-concurrency", "\(settings.scaleCallsPerSim)"],
                sims: OptillmScale.sims(settings), maxConcurrencyPerReplica: settings.scaleCallsPerSim, maxN: 1,
                searches: clients, withOptillm: false, report: &report)
            defer { stop(targets) }
            report.scale = try await OptillmScale(targets: targets, settings: settings).run()
        }
        report.machine.loadAtEnd = OptillmMachine.loadAverage()
        report.wallSeconds = Date().timeIntervalSince(started)
        return report
    }

    /// Pass-through, fan-out and accuracy, on the instant sim with one Ponder and one optillm.
    private func instantParts(into report: inout OptillmReport, progress: @escaping @Sendable (String) -> Void) async throws {
        let clients = max(settings.passThroughLevels.max() ?? 1, settings.fanOutClients)
        // Room for every client's search to make all its calls at once (best-of-n: samples, then scorings).
        let calls = min(4096, max(256, clients * (settings.bestOfN + 1)))
        let targets = try startTargets(
            name: "instant", simArguments: [], sims: 1, maxConcurrencyPerReplica: calls, maxN: nil, searches: clients, withOptillm: true,
            report: &report)
        defer { stop(targets) }
        if settings.includes(.passThrough) {
            for level in settings.passThroughLevels {
                progress("pass-through: \(level) clients…")
                report.passThrough.append(try await OptillmPassThrough(targets: targets, settings: settings).run(clients: level))
            }
        }
        if settings.includes(.fanOut) {
            progress("fan-out: \(settings.fanOutClients) clients…")
            report.fanOut = try await OptillmFanOut(targets: targets, settings: settings).run()
        }
        if settings.includes(.accuracy), !settings.problems.isEmpty {
            let accuracy = OptillmAccuracy(targets: targets, settings: settings)
            report.accuracy = OptillmAccuracyPart(rows: try accuracy.run(progress: progress), matchedPairs: accuracy.matchedPairs)
        }
    }

    /// Starts `sims` sims with `simArguments`, Ponder in front of them (a config file makes them its
    /// replicas), and optillm in front of the first.
    private func startTargets(
        name: String, simArguments: [String], sims count: Int, maxConcurrencyPerReplica: Int, maxN: Int?, searches: Int,
        withOptillm: Bool, report: inout OptillmReport
    ) throws -> OptillmTargetSet {
        var sims: [ChildServer] = []
        do {
            for _ in 0..<count {
                sims.append(try SimProcess.start(executable: ponderExecutable, arguments: ["--model-name", settings.model] + simArguments))
            }
            let config = PonderServeConfig(
                model: settings.model, replicas: sims.map(\.baseURL), maxConcurrencyPerReplica: maxConcurrencyPerReplica,
                maxN: maxN, maxConcurrentSearches: searches, queue: searches)
            let path = workDirectory + "/ponder-\(name).yaml"
            try config.yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let arguments = [
                "serve", "--config", path, "--host", "127.0.0.1", "--port", "0", "--default-strategy", "single", "--grace-period", "1",
            ]
            let ponder = try ChildServer.start(executable: ponderExecutable, arguments: arguments)
            var optillm: ChildServer?
            if withOptillm {
                let log = workDirectory + "/optillm-\(name).log"
                report.optillmLogs.append(log)
                do {
                    optillm = try OptillmProcess.start(
                        executable: optillmExecutable, backendBaseURL: sims[0].baseURL, model: settings.model, bestOfN: settings.bestOfN,
                        logPath: log)
                } catch {
                    ponder.stop()
                    throw error
                }
            }
            return OptillmTargetSet(sims: sims, ponder: ponder, optillm: optillm, model: settings.model)
        } catch {
            for sim in sims { sim.stop() }
            throw error
        }
    }

    /// Stops the proxies first, then the sims they talk to.
    private func stop(_ targets: OptillmTargetSet) {
        targets.optillm?.stop()
        targets.ponder.stop()
        for sim in targets.sims { sim.stop() }
    }
}
