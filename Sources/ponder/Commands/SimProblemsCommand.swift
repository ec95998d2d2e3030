import ArgumentParser
import Foundation
import PonderSim

/// `ponder sim problems`: writes a generated problem set as JSONL.
struct SimProblemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "Write generated arithmetic problems as JSONL lines {\"id\",\"question\",\"answer\",\"difficulty\"}."
    )

    @Option(help: "Number of problems.") var count = 100
    @Option(help: "Seed of the set.") var seed: UInt64 = 0
    @Option(help: "Difficulty 1 to 5, or mix.") var difficulty = "mix"
    @Option(help: "Write to this file instead of stdout.") var out: String?

    func validate() throws {
        guard SimDifficulty(argument: difficulty) != nil else {
            throw ValidationError("--difficulty must be 1, 2, 3, 4, 5 or mix")
        }
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
    }

    func run() async throws {
        let problems = SimProblemGenerator.generate(
            count: count, seed: seed, difficulty: SimDifficulty(argument: difficulty) ?? .mixed)
        let text = problems.map { $0.jsonLine + "\n" }.joined()
        if let out {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
