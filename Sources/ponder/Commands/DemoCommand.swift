import ArgumentParser
import PonderCore
import PonderEngine
import PonderSim

/// `ponder demo`: the main job on the embedded default — a simulated model in-process, a few problems,
/// and what Ponder made of them.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the simulated reasoning model in-process and solve a few problems with it.")

    @Option(help: "How many problems to solve.")
    var count: Int = 3

    @Option(help: "Problem difficulty, 1 (easy) to 5 (hard).")
    var difficulty: Int = 3

    @Option(help: "Seed for the problems and the simulated model.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...50).contains(count) else { throw ValidationError("--count must be from 1 to 50") }
        guard (1...5).contains(difficulty) else { throw ValidationError("--difficulty must be from 1 to 5") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let sim = try await SimServer.start(SimConfiguration(seed: seed))
            defer { Task { await sim.stop() } }
            FileHandleWriter.standardOutput("simulated model listening on \(sim.baseURL)\n\n")
            let problems = SimProblemGenerator.generate(count: count, seed: seed, difficulty: .level(difficulty))
            let registry = try await EndpointRegistry.connect(
                try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil))
            let demo = SimDemo(problems: problems.map { .init(question: $0.question, answer: $0.answer) })
            let report = try await demo.run(on: registry) { line in FileHandleWriter.standardOutput(line + "\n") }
            FileHandleWriter.standardOutput("\n" + report + "\n")
            await sim.stop()
        }
    }
}
