import Foundation
import PonderCore
import PonderEngine
import PonderEval
import PonderSim

/// An engine over an in-process sim, and sim problems as dataset rows, for the runner tests.
enum RunTestSupport {
    static func withEngine<T>(
        _ configuration: SimConfiguration = SimConfiguration(seed: 3), _ body: (Engine) async throws -> T
    ) async throws -> T {
        let sim = try await SimServer.start(configuration)
        do {
            let engine = try await Engine.start(
                configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: "sim-reasoner"))
            let result = try await body(engine)
            await sim.stop()
            return result
        } catch {
            await sim.stop()
            throw error
        }
    }

    static func dataset(count: Int, seed: UInt64 = 11) -> Dataset {
        let rows = SimProblemGenerator.generate(count: count, seed: seed, difficulty: .mixed).enumerated().map { index, problem in
            DatasetRow(
                id: problem.id, line: index + 1, question: problem.question, answer: problem.answer, task: "sim",
                difficulty: String(problem.difficulty))
        }
        return Dataset(file: "sim.jsonl", rows: rows)
    }

    static func execute(
        _ request: BatchRun.Request, engine: Engine, store: RunStore, stop: StopRequest = StopRequest()
    ) async throws -> BatchRun.Report {
        try await BatchRun(request: request, engine: engine, store: store).execute(progressStyle: .silent, stop: stop)
    }

    /// What must repeat across runs with the same seeds: answers, grades and tokens per problem × seed.
    static func comparable(_ results: [StoredResult]) -> [String] {
        results.sorted { $0.key < $1.key }.map { result in
            "\(result.key) \(result.answer ?? "-") \(result.correct) \(result.usage.promptTokens)+\(result.usage.completionTokens) "
                + result.candidates.map { $0.answerCanonical ?? "-" }.joined(separator: ",")
        }
    }
}
