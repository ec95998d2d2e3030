import PonderBackends
import PonderCore
import PonderSim
import PonderStrategies
import Testing

@Suite struct SamplingStrategyTests {
    @Test func selfConsistencyOf16BeatsASingleSampleAtDifficulty3() async throws {
        // 200 problems: single ≈ 0.6 and majority-of-16 ≈ 0.85 on the sim; the standard error of each
        // accuracy is ≤ 0.035, so a 10-point margin is several standard errors from chance.
        let problems = SimProblemGenerator.generate(count: 200, seed: 31, difficulty: .level(3))
        try await StrategyHarness.withSim { endpoints in
            let single = try await StrategyHarness.evaluate(SingleSample(temperature: 0.8), problems: problems, endpoints: endpoints)
            let voting = try await StrategyHarness.evaluate(SelfConsistency(n: 16), problems: problems, endpoints: endpoints)
            #expect(voting.accuracy >= single.accuracy + 0.10, "single \(single.accuracy), self-consistency \(voting.accuracy)")
        }
    }

    @Test func usageEqualsWhatTheSimServed() async throws {
        let problems = SimProblemGenerator.generate(count: 10, seed: 5, difficulty: .level(2))
        try await StrategyHarness.withSim { endpoints in
            var completion = 0
            var prompt = 0
            for (index, problem) in problems.enumerated() {
                let solution = try await BestOfN(n: 4).solve(
                    Problem(question: problem.question), context: endpoints.context(seed: UInt64(index)))
                completion += solution.usage.completionTokens
                prompt += solution.usage.promptTokens
                #expect(solution.candidates.count == 4)
                #expect(solution.usage.calls == 1 + 4, "one sampling call, four PRM calls")
            }
            #expect(completion == endpoints.sim.stats().completionTokens)
            #expect(prompt == endpoints.sim.stats().promptTokens)
        }
    }

    @Test func tokenBudgetStopsSamplingAndKeepsTheBestSoFar() async throws {
        let problem = SimProblemGenerator.generate(count: 1, seed: 8, difficulty: .level(4))[0]
        try await StrategyHarness.withSim { endpoints in
            let maxTokens = 200
            let budget = Budget(maxCompletionTokens: 500)
            let solution = try await SelfConsistency(n: 32, maxTokens: maxTokens).solve(
                Problem(question: problem.question), context: endpoints.context(budget: budget))
            #expect(solution.cutShort == .tokens)
            #expect(!solution.candidates.isEmpty)
            #expect(solution.candidates.count < 32)
            #expect(solution.usage.completionTokens <= 500 + maxTokens, "overshoot at most one call's max_tokens")
        }
    }

    @Test func sameSeedSameAnswerAndTrace() async throws {
        let problem = SimProblemGenerator.generate(count: 1, seed: 12, difficulty: .level(3))[0]
        try await StrategyHarness.withSim { endpoints in
            let a = try await WeightedVote(n: 6).solve(Problem(question: problem.question), context: endpoints.context(seed: 3))
            let b = try await WeightedVote(n: 6).solve(Problem(question: problem.question), context: endpoints.context(seed: 3))
            #expect(a.answer == b.answer)
            #expect(a.candidates.map(\.text) == b.candidates.map(\.text))
            #expect(a.trace == b.trace)
        }
    }
}

@Suite struct NoisyVerifierTests {
    @Test func withANoisyPRMWeightedVotingBeatsBestOfN() async throws {
        // σ = 4 gives the PRM an AUROC of about 0.76: best-of-N follows its mistakes on single samples,
        // voting weighted by the same scores averages them out (Snell et al.'s over-optimisation).
        // 300 problems at difficulty 4 with N = 8 each (equal sampling budget); the gap measured here is
        // about 15 points against a standard error of about 3.5 points for the difference.
        let problems = SimProblemGenerator.generate(count: 300, seed: 77, difficulty: .level(4))
        try await StrategyHarness.withSim(SimConfiguration(prmNoise: 4.0)) { endpoints in
            let best = try await StrategyHarness.evaluate(BestOfN(n: 8), problems: problems, endpoints: endpoints)
            let weighted = try await StrategyHarness.evaluate(WeightedVote(n: 8), problems: problems, endpoints: endpoints)
            #expect(weighted.accuracy >= best.accuracy + 0.05, "best-of-8 \(best.accuracy), weighted vote \(weighted.accuracy)")
            #expect(abs(weighted.meanCompletionTokens - best.meanCompletionTokens) / best.meanCompletionTokens < 0.1, "equal budgets")
        }
    }

    @Test func aDeadlineReturnsTheBestSoFarAndSaysSo() async throws {
        let problem = SimProblemGenerator.generate(count: 1, seed: 4, difficulty: .level(3))[0]
        // 200 tokens/s: each sample of ~60 tokens takes ~0.3 s; adaptive voting samples in batches.
        let configuration = SimConfiguration(tokensPerSecond: 200)
        let strategy = SelfConsistency(n: 64, adaptive: true, batchSize: 2)
        let uncut = try await StrategyHarness.uncutRequestCount(strategy, Problem(question: problem.question), like: configuration)
        try await StrategyHarness.withSim(configuration) { endpoints in
            let solution = try await strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(deadlineSeconds: 0.5)))
            #expect(solution.cutShort == .deadline)
            #expect(!solution.candidates.isEmpty)
            #expect(solution.answer != nil)
            // Stopped at the deadline plus the call in flight (counted, not timed: a busy machine stretches time).
            let sent = endpoints.sim.stats().totalRequests
            #expect(sent < uncut, "sent \(sent) of the uncut vote's \(uncut) requests")
        }
    }
}

@Suite struct SamplingBudgetTests {
    static let strategies: [any Strategy] = [
        SingleSample(temperature: 0.8, maxTokens: 200), BestOfN(n: 16, maxTokens: 200),
        SelfConsistency(n: 16, maxTokens: 200), WeightedVote(n: 16, maxTokens: 200),
    ]

    @Test(arguments: 0..<4)
    func tokenBudgetIsOvershotByAtMostOneCall(index: Int) async throws {
        let strategy = Self.strategies[index]
        let problem = SimProblemGenerator.generate(count: 1, seed: 21, difficulty: .level(5))[0]
        try await StrategyHarness.withSim { endpoints in
            let limit = strategy is SingleSample ? 50 : 450
            let solution = try await strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(maxCompletionTokens: limit)))
            #expect(solution.usage.completionTokens <= limit + 200, "\(strategy.kind)")
            #expect(!solution.candidates.isEmpty, "\(strategy.kind) returns its best so far")
            #expect(solution.usage.completionTokens == endpoints.sim.stats().completionTokens)
            if !(strategy is SingleSample) { #expect(solution.cutShort == .tokens, "\(strategy.kind)") }
        }
    }
}

@Suite struct SamplingDeadlineTests {
    @Test(arguments: ["best-of-n", "weighted-vote", "self-consistency"])
    func aDeadlineReturnsTheSamplesDrawnSoFar(kind: String) async throws {
        let strategy: any Strategy =
            switch kind {
            case "best-of-n": BestOfN(n: 16, maxTokens: 200)
            case "weighted-vote": WeightedVote(n: 16, maxTokens: 200)
            default: SelfConsistency(n: 16, maxTokens: 200)
            }
        let problem = SimProblemGenerator.generate(count: 1, seed: 23, difficulty: .level(3))[0]
        // 100 tokens/s (choices of one request decode side by side, like a batching server): a round of
        // 4 samples of ~60 tokens takes about 0.6 s, all four rounds about 2.4 s.
        try await StrategyHarness.withSim(SimConfiguration(tokensPerSecond: 100, maxConcurrency: 1)) { endpoints in
            let solution = try await strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(deadlineSeconds: 0.8)))
            #expect(solution.cutShort == .deadline, "\(kind)")
            #expect(!solution.candidates.isEmpty && solution.candidates.count < 16, "\(kind): \(solution.candidates.count)")
            #expect(solution.answer != nil)
        }
    }
}
