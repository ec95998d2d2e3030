import PonderBackends
import PonderCore
import PonderSim
import PonderStrategies
import Testing

/// MCTS and tree-of-thought against the live sim: accuracy over greedy decoding, honest usage, budgets,
/// deadlines and reproducibility.
@Suite struct TreeSearchTests {
    // MARK: Accuracy

    @Test func mctsWithQValuesBeatsGreedyByFifteenPointsAtDifficulty4() async throws {
        // Sizing: greedy decoding gets ≈ 0.6 at level 4 on the sim (every trap is followed at T = 0) and
        // MCTS with the Q-value model ≈ 0.95. On 200 problems the standard error of each accuracy is
        // ≤ 0.035 and of the paired difference ≤ 0.05, so the 15-point bar sits ~4 SE below the expected
        // ~35-point gain and ~3 SE above zero: it fails if the search stops helping.
        let problems = SimProblemGenerator.generate(count: 200, seed: 41, difficulty: .level(4))
        try await StrategyHarness.withSim { endpoints in
            let single = try await StrategyHarness.evaluate(SingleSample(), problems: problems, endpoints: endpoints)
            let mcts = try await StrategyHarness.evaluate(MonteCarloTreeSearch(), problems: problems, endpoints: endpoints)
            print(
                "[TreeSearch] level 4, \(problems.count) problems: single \(single.accuracy) (\(single.meanCompletionTokens) tokens), "
                    + "mcts/Q \(mcts.accuracy) (\(mcts.meanCompletionTokens) tokens)")
            #expect(mcts.accuracy >= single.accuracy + 0.15, "single \(single.accuracy), mcts \(mcts.accuracy)")
        }
    }

    @Test func totBreadthFirstWithThePRMBeatsGreedyAtDifficulty4() async throws {
        // 100 problems: greedy ≈ 0.6, ToT-BFS with the PRM (AUROC 0.998 at the default noise) ≈ 0.95. The
        // standard error of the difference is ≤ 0.06, so demanding 4 of them (≈ 0.25) leaves room for the
        // expected ~0.35 gain while failing if the value function stops steering the search.
        let problems = SimProblemGenerator.generate(count: 100, seed: 43, difficulty: .level(4))
        try await StrategyHarness.withSim { endpoints in
            let single = try await StrategyHarness.evaluate(SingleSample(), problems: problems, endpoints: endpoints)
            let tot = try await StrategyHarness.evaluate(TreeOfThought(), problems: problems, endpoints: endpoints)
            let standardError = (single.standardError * single.standardError + tot.standardError * tot.standardError).squareRoot()
            print(
                "[TreeSearch] level 4, \(problems.count) problems: single \(single.accuracy) (\(single.meanCompletionTokens) tokens), "
                    + "tot/bfs \(tot.accuracy) (\(tot.meanCompletionTokens) tokens), SE of difference \(standardError)")
            #expect(tot.accuracy - single.accuracy >= 4 * standardError, "single \(single.accuracy), tot \(tot.accuracy)")
        }
    }

    @Test func variantsStillBeatGreedy() async throws {
        // The other parameterisations on a smaller set (40 problems, SE ≤ 0.08 each): each must clear greedy
        // by 10 points. Rollouts are judged by an outcome scorer (the PRM's last step behind OutcomeScorer).
        let problems = SimProblemGenerator.generate(count: 40, seed: 47, difficulty: .level(4))
        try await StrategyHarness.withSim { endpoints in
            let single = try await StrategyHarness.evaluate(SingleSample(), problems: problems, endpoints: endpoints)
            let variants: [(String, any Strategy, Bool)] = [
                ("mcts q-guided (Zhai plug-in)", MonteCarloTreeSearch.qValueGuided(), false),
                ("mcts prm + uct + weighted vote", MonteCarloTreeSearch(selection: .uct(), evaluation: .prm(), answer: .weightedVote), false),
                ("mcts q + logprob priors + majority", MonteCarloTreeSearch(answer: .majorityVote, priorsFromLogprobs: true), false),
                ("mcts rollout + judge", MonteCarloTreeSearch(iterations: 8, evaluation: .rollout(scorer: .outcome)), true),
                ("tot dfs prm", TreeOfThought(mode: .dfs), false),
                ("tot bfs judge, sampled", TreeOfThought(selection: .sample, value: .outcome), true),
            ]
            for (name, strategy, judged) in variants {
                let outcome = try await Self.evaluate(strategy, problems: problems, endpoints: endpoints, judged: judged)
                print("[TreeSearch] \(name): \(outcome.accuracy) (\(outcome.meanCompletionTokens) tokens) vs single \(single.accuracy)")
                #expect(outcome.accuracy >= single.accuracy + 0.10, "\(name): \(outcome.accuracy), single \(single.accuracy)")
            }
        }
    }

    // MARK: Accounting and budgets

    @Test(arguments: [0, 1, 2])
    func usageEqualsWhatTheSimServed(strategyIndex: Int) async throws {
        let strategy = Self.strategies[strategyIndex]
        let problems = SimProblemGenerator.generate(count: 4, seed: 53, difficulty: .level(3))
        try await StrategyHarness.withSim { endpoints in
            var usage = Usage()
            for (index, problem) in problems.enumerated() {
                let solution = try await strategy.solve(
                    Problem(question: problem.question), context: endpoints.context(seed: UInt64(index)))
                #expect(solution.cutShort == nil)
                #expect(solution.candidates.first?.isComplete == true)
                usage += solution.usage
            }
            let stats = endpoints.sim.stats()
            #expect(usage.completionTokens == stats.completionTokens, "\(strategy.kind)")
            #expect(usage.promptTokens == stats.promptTokens, "\(strategy.kind)")
            #expect(usage.calls == stats.modelRequests, "\(strategy.kind): one call per policy, PRM and Q-value request")
        }
    }

    @Test(arguments: [0, 1, 2])
    func tokenBudgetStopsTheSearchAndKeepsTheBestSoFar(strategyIndex: Int) async throws {
        // A level-4 solution is 8 steps of ≈ 13 tokens, so 80 tokens cannot finish even one path, and with
        // 32 tokens reserved per sample the meter grants fewer samples than asked as the budget runs out.
        let maxStepTokens = 32
        let strategy: any Strategy = [
            MonteCarloTreeSearch(maxStepTokens: maxStepTokens), TreeOfThought(maxStepTokens: maxStepTokens),
            TreeOfThought(mode: .dfs, maxStepTokens: maxStepTokens),
        ][strategyIndex]
        let problem = SimProblemGenerator.generate(count: 1, seed: 59, difficulty: .level(4))[0]
        try await StrategyHarness.withSim { endpoints in
            let limit = 80
            let solution = try await strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(maxCompletionTokens: limit)))
            #expect(solution.cutShort == .tokens, "\(strategy.kind)")
            #expect(!solution.candidates.isEmpty, "\(strategy.kind)")
            #expect(!solution.text.isEmpty, "\(strategy.kind)")
            #expect(solution.usage.completionTokens <= limit + maxStepTokens, "\(strategy.kind): overshoot at most one call")
            #expect(solution.trace.chosen != nil)
        }
    }

    @Test(arguments: [0, 1, 2])
    func deadlineReturnsTheBestSoFar(strategyIndex: Int) async throws {
        // 40 tokens/s: a step (≈ 13 tokens) takes ≈ 0.33 s, the 8-step first trajectory ≈ 2.6 s, so a 1.5 s
        // deadline cuts every search, while leaving its first steps time to finish on a loaded machine.
        let strategy = Self.strategies[strategyIndex]
        let problem = SimProblemGenerator.generate(count: 1, seed: 61, difficulty: .level(4))[0]
        let configuration = SimConfiguration(tokensPerSecond: 40)
        let uncut = try await StrategyHarness.uncutRequestCount(strategy, Problem(question: problem.question), like: configuration)
        try await StrategyHarness.withSim(configuration) { endpoints in
            let solution = try await strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(deadlineSeconds: 1.5)))
            #expect(solution.cutShort == .deadline, "\(strategy.kind)")
            #expect(!solution.candidates.isEmpty, "\(strategy.kind)")
            #expect(!solution.text.isEmpty, "\(strategy.kind)")
            // It stopped launching calls after the one in flight: the uncut search needs more of them.
            let sent = endpoints.sim.stats().totalRequests
            #expect(sent < uncut, "\(strategy.kind): sent \(sent) of the uncut search's \(uncut) requests")
        }
    }

    @Test(arguments: [0, 1, 2])
    func anUnfinishedAnswerPathIsCompletedGreedily(strategyIndex: Int) async throws {
        // A depth cap of 4 steps stops every path of a 7-step problem before its answer; the chosen path is
        // then finished with one greedy call, so the solution still has an answer.
        let strategy: any Strategy = [
            MonteCarloTreeSearch(maxDepth: 4), TreeOfThought(maxDepth: 4), TreeOfThought(mode: .dfs, maxDepth: 4),
        ][strategyIndex]
        let problem = SimProblemGenerator.generate(count: 1, seed: 73, difficulty: .level(4))[0]
        try await StrategyHarness.withSim { endpoints in
            let solution = try await strategy.solve(Problem(question: problem.question), context: endpoints.context())
            #expect(solution.answer != nil, "\(strategy.kind)")
            #expect(solution.candidates.first?.isComplete == true)
            let chosen = try #require(solution.trace.chosen)
            #expect(solution.trace.nodes[chosen].isTerminal)
            #expect(solution.trace.pathToChosen().count == 4 + 2, "root, four capped steps, the greedy completion")
        }
    }

    // MARK: Reproducibility and configuration

    @Test(arguments: [0, 1, 2])
    func sameSeedSameAnswerAndTrace(strategyIndex: Int) async throws {
        let strategy: any Strategy = [
            MonteCarloTreeSearch(), TreeOfThought(selection: .sample), MonteCarloTreeSearch(evaluation: .rollout(scorer: .prm)),
        ][strategyIndex]
        let problem = SimProblemGenerator.generate(count: 1, seed: 67, difficulty: .level(4))[0]
        try await StrategyHarness.withSim { endpoints in
            let a = try await strategy.solve(Problem(question: problem.question), context: endpoints.context(seed: 9))
            let b = try await strategy.solve(Problem(question: problem.question), context: endpoints.context(seed: 9))
            #expect(a.answer == b.answer)
            #expect(a.candidates == b.candidates)
            #expect(a.trace == b.trace)
            #expect(a.trace.nodes.count > 8, "\(strategy.kind) searched a tree")
            #expect(a.trace.chosen != nil)
            if strategy.kind == "mcts" {
                #expect(a.trace.nodes[0].visits > 0, "visits are recorded")
            }
        }
    }

    @Test func missingScorersAreReportedBeforeAnyCall() async throws {
        try await StrategyHarness.withSim { endpoints in
            let bare = SearchContext(policy: ChatPolicy(client: endpoints.client))
            let problem = Problem(question: SimProblemGenerator.generate(count: 1, seed: 71, difficulty: .level(2))[0].question)
            let strategies: [any Strategy] = [
                MonteCarloTreeSearch(), MonteCarloTreeSearch(evaluation: .qValue), MonteCarloTreeSearch(evaluation: .prm()),
                MonteCarloTreeSearch(evaluation: .rollout(scorer: .outcome)), TreeOfThought(), TreeOfThought(mode: .dfs, value: .outcome),
            ]
            for strategy in strategies {
                await #expect(throws: StrategyError.self) { try await strategy.solve(problem, context: bare) }
            }
            #expect(endpoints.sim.stats().totalRequests == 0)
        }
    }

    // MARK: Helpers

    static let strategies: [any Strategy] = [MonteCarloTreeSearch(), TreeOfThought(), TreeOfThought(mode: .dfs)]

    /// `StrategyHarness.evaluate`, or with `judged` a context whose only scorer is an outcome judge.
    static func evaluate(
        _ strategy: any Strategy, problems: [SimProblem], endpoints: StrategyHarness.SimEndpoints, judged: Bool
    ) async throws -> StrategyHarness.Outcome {
        guard judged else { return try await StrategyHarness.evaluate(strategy, problems: problems, endpoints: endpoints) }
        return try await withThrowingTaskGroup(of: (Bool, Int).self) { group in
            for (index, problem) in problems.enumerated() {
                group.addTask {
                    let context = SearchContext(
                        policy: ChatPolicy(client: endpoints.client),
                        outcomeScorer: TreeSearchPRMJudge(prm: HTTPStepScorer(client: endpoints.client)), seed: UInt64(index))
                    let solution = try await strategy.solve(Problem(id: problem.id, question: problem.question), context: context)
                    let correct = solution.answer.map { AnswerEquivalence.areEquivalent($0, problem.answer) } ?? false
                    return (correct, solution.usage.completionTokens)
                }
            }
            var outcome = StrategyHarness.Outcome()
            for try await (correct, tokens) in group {
                outcome.total += 1
                if correct { outcome.correct += 1 }
                outcome.completionTokens += tokens
            }
            return outcome
        }
    }
}

/// An outcome judge for tests: the PRM's score of a solution's last step.
struct TreeSearchPRMJudge: OutcomeScorer {
    let prm: HTTPStepScorer

    func scoreSolution(_ problem: Problem, solution: String) async throws -> ScorerOutput<OutcomeScore> {
        let steps = solution.split(separator: "\n\n").map(String.init)
        let output = try await prm.scoreSteps(problem, steps: steps)
        return ScorerOutput(value: OutcomeScore(score: output.value.last ?? 0), usage: output.usage)
    }
}
