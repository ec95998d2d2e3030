import Foundation
import ArgumentParser
import PonderBench
import PonderEval
import PonderSim

#if canImport(Glibc)
import Glibc
#endif

import struct FoundationEssentials.Data
import class FoundationEssentials.JSONEncoder
import struct FoundationEssentials.URL

/// `ponder bench optillm`: Ponder and optillm side by side on the same sim, in one run.
struct BenchOptillmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optillm",
        abstract: "Ponder beside optillm on the same sim: pass-through overhead, fan-out, many calls in flight, accuracy per token.",
        discussion: """
            Starts `ponder sim`, `ponder serve` and optillm (--optillm, e.g. from Benchmarks/optillm/setup.sh) as child \
            processes on 127.0.0.1 and measures, in one run: (1) pass-through (`single` vs `none`, and straight to \
            the sim) at each --concurrency: requests/s, p50/p99, each proxy's CPU per request; (2) fan-out on the \
            instant sim (self-consistency at optillm's fixed 5 samples, best-of-n at --best-of-n, Ponder's \
            self-consistency@8): requests/s, p50/p99, backend calls per request (the sim's counters), peak RSS \
            (VmHWM); then one request at a time on a delayed sim that takes one choice per call: wall time against \
            one backend call; (3) Ponder alone with --scale-calls calls in flight: peak RSS and CPU per call; \
            (4) accuracy on --problems sim problems of mixed difficulty, tokens from the sim's counters, compared \
            with `ponder compare`'s statistics. Prints markdown; --out writes the JSON report and \
            --accuracy-out the graded rows (interchange JSONL for `ponder compare`). Targets are reported, not \
            asserted: the exit status is 0 whenever the run completes.
            """)

    @Option(help: ArgumentHelp("The optillm executable (Benchmarks/optillm/setup.sh prints it).", valueName: "path"))
    var optillm: String

    @Option(help: ArgumentHelp("Write the JSON report here.", valueName: "results.json"))
    var out: String?

    @Option(help: ArgumentHelp("Write the graded accuracy rows here (default: next to --out, .accuracy.jsonl).", valueName: "rows.jsonl"))
    var accuracyOut: String?

    @Option(help: ArgumentHelp("Directory for config files and optillm's logs (default: a new one under /tmp).", valueName: "dir"))
    var workDir: String?

    @Option(name: .customLong("part"), help: "Parts to run: pass-through, fan-out, delayed, scale, accuracy; repeat for several (default: all).")
    var parts: [String] = []

    @Option(name: .customLong("concurrency"), help: "Pass-through clients; repeat for several levels.")
    var levels: [Int] = [1, 64, 256]

    @Option(help: "Pass-through requests per level to the sim and to Ponder.")
    var requests = 6000

    @Option(help: "Pass-through requests per level to optillm.")
    var optillmRequests = 600

    @Option(help: "Fan-out clients on the instant sim.")
    var fanOutClients = 64

    @Option(help: "Fan-out requests per strategy to Ponder.")
    var fanOutRequests = 3000

    @Option(help: "Fan-out requests per strategy to optillm.")
    var optillmFanOutRequests = 300

    @Option(help: "optillm's --best-of-n, and Ponder's best-of-n samples.")
    var bestOfN = 8

    @Option(help: "The delayed sim's decode speed per call, tokens/s.")
    var delayedTokensPerSecond = 200.0

    @Option(help: "The delayed sim's capacity (requests served at once).")
    var delayedCapacity = 64

    @Option(help: "Requests per strategy and proxy on the delayed sim, one at a time.")
    var delayedRequests = 4

    @Option(help: "Backend calls to keep in flight in the scale part.")
    var scaleCalls = 10_000

    @Option(help: "The scale sims' decode speed per call, tokens/s (slow, so calls overlap).")
    var scaleTokensPerSecond = 10.0

    @Option(help: "Measured requests each scale client sends, one after another (after one to warm up).")
    var scaleRounds = 3

    @Option(help: "Calls in flight per scale sim (at most 4096, Ponder's connections per host and port).")
    var scaleCallsPerSim = 4000

    @Option(help: "Sim problems (mixed difficulty) in the accuracy part.")
    var problems = 200

    @Option(help: "Seed of the problem set (as `ponder sim problems --seed`).")
    var problemSeed: UInt64 = 0

    @Option(help: "Bootstrap resamples of the accuracy comparison.")
    var reps = 10_000

    var partList: [OptillmSettings.Part] {
        parts.isEmpty ? OptillmSettings.Part.allCases : parts.flatMap { $0.split(separator: ",") }.compactMap { OptillmSettings.Part(rawValue: String($0)) }
    }

    func validate() throws {
        let names = parts.flatMap { $0.split(separator: ",") }.map(String.init)
        if let unknown = names.first(where: { OptillmSettings.Part(rawValue: $0) == nil }) {
            throw ValidationError("--part \(unknown): the parts are \(OptillmSettings.Part.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 && $0 <= 4096 }) else { throw ValidationError("--concurrency must be from 1 to 4096") }
        guard requests > 0, optillmRequests > 0, fanOutRequests > 0, optillmFanOutRequests > 0 else {
            throw ValidationError("request counts must be positive")
        }
        guard fanOutClients > 0 && fanOutClients <= 4096 else { throw ValidationError("--fan-out-clients must be from 1 to 4096") }
        guard bestOfN >= 1 && bestOfN <= 16 else { throw ValidationError("--best-of-n must be from 1 to 16") }
        guard delayedTokensPerSecond > 0, delayedCapacity > 0, delayedRequests > 0 else {
            throw ValidationError("--delayed-tokens-per-second, --delayed-capacity and --delayed-requests must be positive")
        }
        guard scaleCalls >= 8, scaleTokensPerSecond > 0, scaleRounds > 0 else {
            throw ValidationError("--scale-calls must be at least 8; --scale-tokens-per-second and --scale-rounds positive")
        }
        guard scaleCallsPerSim > 0 && scaleCallsPerSim <= 4096 else { throw ValidationError("--scale-calls-per-sim must be from 1 to 4096") }
        guard problems >= 0, reps >= 1 else { throw ValidationError("--problems must not be negative and --reps positive") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            #if DEBUG
            FileHandleWriter.standardError("note: a debug build; build with -c release for figures that mean something\n")
            let build = "debug"
            #else
            let build = "release"
            #endif
            let interrupts = BenchInterrupts()
            defer { withExtendedLifetime(interrupts) {} }
            var settings = OptillmSettings()
            settings.parts = partList
            settings.passThroughLevels = levels
            settings.passThroughRequests = requests
            settings.optillmPassThroughRequests = optillmRequests
            settings.fanOutClients = fanOutClients
            settings.fanOutRequests = fanOutRequests
            settings.optillmFanOutRequests = optillmFanOutRequests
            settings.bestOfN = bestOfN
            settings.delayedTokensPerSecond = delayedTokensPerSecond
            settings.delayedCapacity = delayedCapacity
            settings.delayedRequests = delayedRequests
            settings.scaleCalls = scaleCalls
            settings.scaleTokensPerSecond = scaleTokensPerSecond
            settings.scaleRounds = scaleRounds
            settings.scaleCallsPerSim = scaleCallsPerSim
            settings.problems = SimProblemGenerator.generate(count: problems, seed: problemSeed, difficulty: .mixed).map {
                OptillmSettings.Problem(id: $0.id, question: $0.question, answer: $0.answer)
            }
            let work = workDir ?? "/tmp/ponder-bench-optillm-\(getpid())"
            let benchmark = OptillmBenchmark(
                ponderExecutable: CurrentExecutable.path, optillmExecutable: optillm, workDirectory: work, settings: settings, build: build)
            var report = try await benchmark.run { FileHandleWriter.standardError($0 + "\n") }
            if let accuracy = report.accuracy {
                report.accuracy = try compared(accuracy)
                let path = accuracyOut ?? out.map(Self.accuracyPath) ?? work + "/accuracy.jsonl"
                try OptillmAccuracyRow.jsonLines(accuracy.rows).write(toFile: path, atomically: true, encoding: .utf8)
                FileHandleWriter.standardError("wrote the graded answers to \(path) (ponder compare \(path) --html report.html)\n")
            }
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(filePath: out), options: .atomic)
                FileHandleWriter.standardError("wrote \(out)\n")
            }
            FileHandleWriter.standardOutput(report.table + "\n")
            if workDir == nil { Self.tidy(work) }
        }
    }

    /// After a run in the default work folder, drops the daemons' generated configurations and the folder
    /// itself when nothing else (optillm's logs, the graded answers) is left in it.
    static func tidy(_ folder: String) {
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("ponder-") && name.hasSuffix(".yaml") {
            try? files.removeItem(atPath: folder + "/" + name)
        }
        if (try? files.contentsOfDirectory(atPath: folder))?.isEmpty == true { try? files.removeItem(atPath: folder) }
    }

    /// `results.json` → `results.accuracy.jsonl`.
    static func accuracyPath(_ out: String) -> String {
        (out.hasSuffix(".json") ? String(out.dropLast(5)) : out) + ".accuracy.jsonl"
    }

    /// The accuracy part with `ponder compare`'s statistics filled in: each configuration's Wilson
    /// interval, and the paired differences of the configurations the target compares and of those with
    /// matching sample counts.
    private func compared(_ part: OptillmAccuracyPart) throws -> OptillmAccuracyPart {
        var part = part
        let rows = part.rows.map {
            ResultRow(strategy: $0.strategy, problemID: $0.problemID, score: $0.score, tokens: $0.tokens, latencyMS: $0.latencyMS, answer: $0.answer)
        }
        let comparison = try ComparisonBuilder(options: CompareOptions(reps: reps, seed: 0)).build(ComparisonInput(rows: rows))
        for index in part.summaries.indices {
            part.summaries[index].wilson95 = comparison.strategies[part.summaries[index].strategy]?.wilson95.map { [$0.low, $0.high] }
        }
        if let ponder = part.ponderBest, let optillm = part.optillmBest {
            part.difference = Self.difference(ponder, minus: optillm, in: comparison)
        }
        part.matched = part.matchedPairs.compactMap { pair in pair.count == 2 ? Self.difference(pair[0], minus: pair[1], in: comparison) : nil }
        return part
    }

    /// `ponder − optillm` from the report's pair of the two, whichever order `ponder compare` put them in
    /// (the order the strategies first appear).
    static func difference(_ ponder: String, minus optillm: String, in comparison: ComparisonReport) -> OptillmAccuracyDifference? {
        guard let pair = comparison.pairs.first(where: { Set([$0.a, $0.b]) == Set([ponder, optillm]) }) else { return nil }
        let flipped = pair.a == optillm
        return OptillmAccuracyDifference(
            ponder: ponder, optillm: optillm, pairs: pair.count, meanDifference: flipped ? -pair.meanDiff : pair.meanDiff,
            ci95: flipped ? [-pair.ci95.high, -pair.ci95.low] : [pair.ci95.low, pair.ci95.high], mcnemarP: pair.mcnemarP)
    }
}
