import ArgumentParser
import Foundation
import PonderEval
import PonderCore
import PonderEngine
import PonderSim

/// `ponder demo`: the main job on the embedded default — the simulated model in-process, one problem
/// solved by a search strategy with its trace, then a small comparison of presets: each preset runs
/// over the same problems into a run store, and `ponder compare`'s statistics are printed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the simulated reasoning model in-process, solve a problem with search, and compare presets.")

    @Option(help: "Problems in the comparison.")
    var count: Int = 40

    @Option(help: "Problem difficulty, 1 (easy) to 5 (hard).")
    var difficulty: Int = 4

    @Option(help: "Presets to compare, comma-separated.")
    var presets: String = "single,self-consistency,best-of-4,weighted-vote"

    @Option(help: "Seed for the problems and the simulated model.")
    var seed: UInt64 = 1

    @Option(help: "Folder for the comparison's run stores (default: a new temporary folder).")
    var out: String?

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be from 1 to 1000") }
        guard (1...5).contains(difficulty) else { throw ValidationError("--difficulty must be from 1 to 5") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let sim = try await SimServer.start(SimConfiguration(seed: seed))
            do {
                try await demo(sim: sim)
                await sim.stop()
            } catch {
                await sim.stop()
                throw error
            }
        }
    }

    private func demo(sim: RunningSim) async throws {
        let say = { (line: String) in FileHandleWriter.standardOutput(line + "\n") }
        say("Simulated reasoning model listening on \(sim.baseURL) (multi-step arithmetic with known answers).\n")
        let engine = try await Engine.start(configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil))
        let names = presets.split(separator: ",").map(String.init)
        for name in names where engine.presets.preset(named: name) == nil {
            throw ValidationError("no preset '\(name)'; see `ponder strategies`")
        }
        let problems = SimProblemGenerator.generate(count: count, seed: seed, difficulty: .level(difficulty))
        let example = problems[0]
        let showcase = names.contains("best-of-4") ? "best-of-4" : names[0]
        say("Problem: \(example.question)\nReference answer: \(example.answer)\n")
        let solution = try await engine.solve(question: example.question, preset: showcase, seed: seed)
        say(SolutionReport(solution: solution, kind: engine.presets.preset(named: showcase)?.kind ?? "").text())
        say("\nComparing \(names.joined(separator: ", ")) on \(count) problems of difficulty \(difficulty)…\n")
        let folder = try runFolder()
        let dataset = Dataset(
            file: "sim problems (seed \(seed), difficulty \(difficulty))",
            rows: problems.enumerated().map { index, problem in
                DatasetRow(id: "p\(index + 1)", line: index + 1, question: problem.question, answer: problem.answer, difficulty: String(difficulty))
            })
        var input = ComparisonInput()
        var stores: [String] = []
        for name in names {
            let path = folder + "/" + name + ".sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let run = BatchRun(request: .init(dataset: dataset, preset: name, concurrency: 8), engine: engine, store: try RunStore.open(at: path))
            let report = try await run.execute(progressStyle: .silent)
            let accuracy = report.summary.accuracy.map { "\(Int(($0 * 100).rounded()))% right" } ?? ""
            say("  \(name): \(report.summary.recorded) problems, \(accuracy)")
            stores.append(path)
            input.append(try RunStore.comparisonInput(at: path))
        }
        let comparison = try ComparisonBuilder(options: CompareOptions(reps: 2000, seed: seed)).build(input)
        say("\n" + TerminalTableRenderer().render(comparison))
        say("The run stores are in \(folder). For the plots: `ponder compare \(stores.joined(separator: " ")) --html report.html`.")
        say("\nTry it yourself: `ponder sim --port 8000 &` then `ponder ask \"\(example.question)\" --endpoint http://127.0.0.1:8000 --strategy best-of-4`.")
    }

    /// `--out`, created if needed, or a fresh temporary folder.
    private func runFolder() throws -> String {
        let folder = out ?? (NSTemporaryDirectory() + "ponder-demo-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
