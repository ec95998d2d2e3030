import PonderBackends
import PonderCore
import PonderSim
import PonderStrategies

/// Runs strategies against a live `ponder sim` and measures what they achieve.
enum StrategyHarness {
    /// Starts a sim, hands a context factory to `body`, stops the sim.
    static func withSim<T>(
        _ configuration: SimConfiguration = .init(), _ body: (SimEndpoints) async throws -> T
    ) async throws -> T {
        let sim = try await SimServer.start(configuration)
        do {
            let result = try await body(SimEndpoints(sim: sim))
            await sim.stop()
            return result
        } catch {
            await sim.stop()
            throw error
        }
    }

    /// The requests `strategy` sends to solve `problem` with no budget, on a sim like `configuration`
    /// but decoding at full speed. A deadline test compares against it instead of the wall clock, whose
    /// readings a shared machine stretches.
    static func uncutRequestCount(
        _ strategy: any Strategy, _ problem: Problem, like configuration: SimConfiguration, seed: UInt64 = 0
    ) async throws -> Int {
        var fast = configuration
        fast.tokensPerSecond = 0
        fast.promptTokensPerSecond = 0
        fast.maxConcurrency = 0
        return try await withSim(fast) { endpoints in
            _ = try await strategy.solve(problem, context: endpoints.context(seed: seed))
            return endpoints.sim.stats().totalRequests
        }
    }

    struct SimEndpoints: Sendable {
        let sim: RunningSim
        let client: EndpointClient

        init(sim: RunningSim) {
            self.sim = sim
            self.client = EndpointClient(
                configuration: EndpointConfiguration(
                    name: "sim", model: "sim-reasoner", replicas: [sim.baseURL], maxConcurrency: 64))
        }

        func context(budget: Budget = .unlimited, seed: UInt64 = 0, sampling: SamplingParameters = .init()) -> SearchContext {
            SearchContext(
                policy: ChatPolicy(client: client), stepScorer: HTTPStepScorer(client: client),
                qValueScorer: HTTPQValueScorer(client: client), budget: budget, sampling: sampling, seed: seed)
        }
    }

    struct Outcome: Sendable {
        var correct = 0
        var total = 0
        var completionTokens = 0
        var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
        var meanCompletionTokens: Double { total == 0 ? 0 : Double(completionTokens) / Double(total) }
        /// Standard error of the accuracy.
        var standardError: Double { total == 0 ? 0 : (accuracy * (1 - accuracy) / Double(total)).squareRoot() }
    }

    /// Per-problem outcomes of one strategy over a problem set, in problem order.
    struct Results: Sendable {
        var correct: [Bool] = []
        var tokens: [Int] = []
        var cutShort = 0
        var accuracy: Double { correct.isEmpty ? 0 : Double(correct.filter { $0 }.count) / Double(correct.count) }
        var completionTokens: Int { tokens.reduce(0, +) }
        var meanCompletionTokens: Double { tokens.isEmpty ? 0 : Double(completionTokens) / Double(tokens.count) }
    }

    /// Solves every problem with `strategy` (a fresh context per problem, seeded by its index) with
    /// `parallel` problems in flight.
    static func solveAll(
        _ strategy: any Strategy, problems: [SimProblem], endpoints: SimEndpoints, budget: Budget = .unlimited,
        parallel: Int = 16
    ) async throws -> Results {
        struct Solved: Sendable {
            var index: Int
            var correct: Bool
            var tokens: Int
            var cutShort: Bool
        }
        return try await withThrowingTaskGroup(of: Solved.self) { group in
            var results = Results(
                correct: Array(repeating: false, count: problems.count), tokens: Array(repeating: 0, count: problems.count))
            var next = 0
            func launch() {
                let index = next
                let problem = problems[index]
                next += 1
                group.addTask {
                    let solution = try await strategy.solve(
                        Problem(id: problem.id, question: problem.question),
                        context: endpoints.context(budget: budget, seed: UInt64(index)))
                    let correct = solution.answer.map { AnswerEquivalence.areEquivalent($0, problem.answer) } ?? false
                    return Solved(
                        index: index, correct: correct, tokens: solution.usage.completionTokens,
                        cutShort: solution.cutShort != nil)
                }
            }
            for _ in 0..<min(parallel, problems.count) { launch() }
            while let solved = try await group.next() {
                results.correct[solved.index] = solved.correct
                results.tokens[solved.index] = solved.tokens
                if solved.cutShort { results.cutShort += 1 }
                if next < problems.count { launch() }
            }
            return results
        }
    }

    /// Accuracy and mean tokens of `strategy` over the problems.
    static func evaluate(
        _ strategy: any Strategy, problems: [SimProblem], endpoints: SimEndpoints, budget: Budget = .unlimited,
        parallel: Int = 16
    ) async throws -> Outcome {
        let results = try await solveAll(strategy, problems: problems, endpoints: endpoints, budget: budget, parallel: parallel)
        return Outcome(
            correct: results.correct.filter { $0 }.count, total: results.correct.count,
            completionTokens: results.completionTokens)
    }
}
