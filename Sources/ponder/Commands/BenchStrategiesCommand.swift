import ArgumentParser
import PonderBench
import PonderCore
import PonderEngine
import PonderSim

import class FoundationEssentials.JSONEncoder

/// `ponder bench strategies`: accuracy and tokens of presets on the sim, per difficulty.
struct BenchStrategiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "Accuracy and mean tokens of strategy presets on the simulated task, per difficulty (in-process sim).")

    @Option(help: "Problems per difficulty.")
    var problems: Int = 200

    @Option(help: "Difficulties, comma-separated (1-5).")
    var difficulties: String = "1,2,3,4,5"

    @Option(help: "Presets, comma-separated (default: all).")
    var presets: String?

    @Option(help: "Seed of the problem sets and the sim.")
    var seed: UInt64 = 1

    @Option(help: "The sim's PRM noise σ (AUROC = Φ(√2·2/σ)).")
    var prmNoise: Double = 1.0

    @Flag(help: "Print JSON instead of a markdown table.")
    var json = false

    func run() async throws {
        try await CommandErrors.reported {
            let levels = try difficulties.split(separator: ",").map { part -> Int in
                guard let level = Int(part.trimmingCharacters(in: " ")), (1...5).contains(level) else {
                    throw ValidationError("--difficulties takes numbers from 1 to 5, got '\(part)'")
                }
                return level
            }
            let sim = try await SimServer.start(SimConfiguration(seed: seed, prmNoise: prmNoise))
            let engine = try await Engine.start(configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil))
            let names = presets.map { $0.split(separator: ",").map(String.init) } ?? engine.presets.presets.map(\.name)
            let benchmark = StrategyBenchmark(engine: engine)
            var cells: [StrategyBenchmark.Cell] = []
            for level in levels {
                let set = SimProblemGenerator.generate(count: problems, seed: seed &+ UInt64(level), difficulty: .level(level))
                    .map { StrategyBenchmark.Problem(question: $0.question, answer: $0.answer, difficulty: level) }
                for name in names {
                    cells.append(try await benchmark.run(preset: name, problems: set, difficulty: level))
                    FileHandleWriter.standardError("d\(level) \(name): \(cells.last!.correct)/\(set.count)\n")
                }
            }
            await sim.stop()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(cells), as: UTF8.self))
            } else {
                print(StrategyBenchmark.table(cells))
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
