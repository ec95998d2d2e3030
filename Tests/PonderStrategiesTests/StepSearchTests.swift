import PonderBackends
import PonderCore
import PonderSim
@testable import PonderStrategies
import Testing

/// The four step-level searches, run for real against the sim.
@Suite struct StepSearchTests {
    /// The strategies under test, as test arguments.
    enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case beam, dvts, rebase, particleFilter = "particle-filter"

        var description: String { rawValue }

        var strategy: any Strategy {
            switch self {
            case .beam: return StepBeamSearch()
            case .dvts: return DiverseVerifierTreeSearch()
            case .rebase: return RewardBalancedSearch()
            case .particleFilter: return ParticleFilter()
            }
        }
    }

    /// The sim with a good PRM: noise σ = 0.5, AUROC = Φ(√2·2/0.5) ≈ 1.
    static let goodPRM = SimConfiguration(prmNoise: 0.5)

    // MARK: Search beats sampling

    @Test func beamBeatsBestOfNAtEqualCompletionTokensOnHardProblems() async throws {
        // Both strategies keep N = 4 paths: beam search with beam width 2 (N/M = 2 survivors, as the
        // default 8/4) and best-of-4. Every path of a sim solution costs the same tokens whichever steps
        // it takes, so both spend the same per problem; the per-problem budget (2000 completion tokens) is
        // the same for both and is a guard that never binds (checked: no solution was cut short). It
        // leaves room for the meter's worst-case reservations (4 samples × 256 max_tokens per call), which
        // would otherwise refuse beam calls before the tokens were actually spent.
        //
        // Measured on these problem sets (seed 77, 200 per level): level 4 beam 0.97 vs best-of-4 0.85
        // (350 vs 350 tokens/problem), level 5 0.955 vs 0.795 (465 vs 465). Sizing: the paired standard
        // error of the difference is √(b + c − (b − c)²/n)/n with b, c the problems only one strategy got
        // right (b ≈ 25–36, c ≈ 1–4): ≈ 0.024–0.03, so the 0.12–0.16 margins are ≥ 4 SE at 200 problems
        // per level; fewer problems would leave the weaker level near 3 SE.
        let budget = Budget(maxCompletionTokens: 2000)
        try await StrategyHarness.withSim(Self.goodPRM) { endpoints in
            for level in [4, 5] {
                let problems = SimProblemGenerator.generate(count: 200, seed: 77, difficulty: .level(level))
                let beam = try await Self.solveAll(
                    StepBeamSearch(n: 4, beamWidth: 2), problems: problems, endpoints: endpoints, budget: budget)
                let bestOfN = try await Self.solveAll(
                    BestOfN(n: 4, maxTokens: 400), problems: problems, endpoints: endpoints, budget: budget)
                let comparison = Paired(beam, bestOfN)
                let report =
                    "level \(level): beam \(beam.accuracy) (\(beam.meanCompletionTokens) tokens), "
                    + "best-of-4 \(bestOfN.accuracy) (\(bestOfN.meanCompletionTokens) tokens), "
                    + "paired SE \(comparison.standardError)"
                #expect(beam.cutShort == 0 && bestOfN.cutShort == 0, "\(report)")
                #expect(
                    abs(beam.meanCompletionTokens - bestOfN.meanCompletionTokens) <= 0.05 * bestOfN.meanCompletionTokens,
                    "equal spend: \(report)")
                #expect(comparison.difference >= 0.05, "\(report)")
                #expect(comparison.difference >= 3 * comparison.standardError, "\(report)")
            }
        }
    }

    @Test(arguments: [Kind.dvts, Kind.rebase])
    func searchBeatsGreedyAtDifficulty4(_ kind: Kind) async throws {
        // Greedy decoding follows every trap of a problem (≈ 0.55 right at level 4 on the sim); both
        // searches get ≈ 1.0 with the good PRM. With 100 problems the standard error of the greedy
        // accuracy is ≈ 0.05, so a 0.25 margin is 5 SE; the measured one is ≈ 0.45.
        let problems = SimProblemGenerator.generate(count: 100, seed: 78, difficulty: .level(4))
        try await StrategyHarness.withSim(Self.goodPRM) { endpoints in
            let greedy = try await Self.solveAll(SingleSample(), problems: problems, endpoints: endpoints)
            let search = try await Self.solveAll(kind.strategy, problems: problems, endpoints: endpoints)
            let report =
                "greedy \(greedy.accuracy) (\(greedy.meanCompletionTokens) tokens), \(kind) \(search.accuracy) "
                + "(\(search.meanCompletionTokens) tokens)"
            #expect(search.accuracy >= greedy.accuracy + 0.25, "\(report)")
            #expect(search.accuracy - greedy.accuracy >= 5 * Paired(search, greedy).standardError, "\(report)")
        }
    }

    // MARK: Accounting, budget, determinism

    @Test(arguments: Kind.allCases)
    func usageEqualsWhatTheSimServed(_ kind: Kind) async throws {
        let problems = SimProblemGenerator.generate(count: 6, seed: 5, difficulty: .level(3))
        try await StrategyHarness.withSim(Self.goodPRM) { endpoints in
            var completion = 0
            var prompt = 0
            var correct = 0
            for (index, problem) in problems.enumerated() {
                let solution = try await kind.strategy.solve(
                    Problem(question: problem.question), context: endpoints.context(seed: UInt64(index)))
                completion += solution.usage.completionTokens
                prompt += solution.usage.promptTokens
                #expect(solution.strategy == kind.rawValue)
                #expect(solution.cutShort == nil)
                #expect(!solution.candidates.isEmpty)
                #expect(solution.candidates.allSatisfy { $0.isComplete })
                #expect(solution.trace.chosen != nil)
                #expect(solution.trace.nodes.count > 1)
                if solution.answer.map({ AnswerEquivalence.areEquivalent($0, problem.answer) }) == true { correct += 1 }
            }
            let stats = endpoints.sim.stats()
            #expect(completion == stats.completionTokens)
            #expect(prompt == stats.promptTokens)
            #expect(correct >= 5, "\(correct) of 6 right")
        }
    }

    @Test(arguments: Kind.allCases)
    func tokenBudgetStopsTheSearchAndKeepsTheBestSoFar(_ kind: Kind) async throws {
        // A level-5 solution is ≈ 115 tokens and every search keeps ≥ 8 paths, so 300 tokens end it early.
        let problem = SimProblemGenerator.generate(count: 1, seed: 8, difficulty: .level(5))[0]
        let limit = 300
        let maxStepTokens = 256
        try await StrategyHarness.withSim(Self.goodPRM) { endpoints in
            let solution = try await kind.strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(maxCompletionTokens: limit)))
            #expect(solution.cutShort == .tokens)
            #expect(!solution.candidates.isEmpty)
            #expect(!solution.text.isEmpty)
            #expect(solution.usage.completionTokens <= limit + maxStepTokens, "overshoot at most one call's max_tokens")
            #expect(solution.usage.completionTokens == endpoints.sim.stats().completionTokens)
        }
    }

    @Test(arguments: Kind.allCases)
    func deadlineReturnsTheBestSoFar(_ kind: Kind) async throws {
        // At 40 tokens/s one step (≈ 13 tokens) takes ≈ 0.33 s, and a level-5 solution has 10 steps (at
        // least 3.3 s one after another), so a 2 s deadline stops every search a few rounds in, while
        // leaving the first round time to finish even when the whole test suite starts at once.
        let problem = SimProblemGenerator.generate(count: 1, seed: 9, difficulty: .level(5))[0]
        var configuration = Self.goodPRM
        configuration.tokensPerSecond = 40
        let uncut = try await StrategyHarness.uncutRequestCount(kind.strategy, Problem(question: problem.question), like: configuration)
        try await StrategyHarness.withSim(configuration) { endpoints in
            let solution = try await kind.strategy.solve(
                Problem(question: problem.question), context: endpoints.context(budget: Budget(deadlineSeconds: 2)))
            #expect(solution.cutShort == .deadline)
            #expect(!solution.candidates.isEmpty)
            #expect(!solution.text.isEmpty)
            #expect(solution.trace.chosen != nil)
            // It stopped launching calls: the uncut search needs more of them than it sent.
            let sent = endpoints.sim.stats().totalRequests
            #expect(sent < uncut, "sent \(sent) of the uncut search's \(uncut) requests")
        }
    }

    @Test(arguments: Kind.allCases)
    func sameSeedSameAnswerAndTrace(_ kind: Kind) async throws {
        let problem = SimProblemGenerator.generate(count: 1, seed: 12, difficulty: .level(4))[0]
        try await StrategyHarness.withSim(SimConfiguration(prmNoise: 2)) { endpoints in
            let question = Problem(question: problem.question)
            let a = try await kind.strategy.solve(question, context: endpoints.context(seed: 3))
            let b = try await kind.strategy.solve(question, context: endpoints.context(seed: 3))
            let other = try await kind.strategy.solve(question, context: endpoints.context(seed: 4))
            #expect(a.answer == b.answer)
            #expect(a.candidates == b.candidates)
            #expect(a.trace == b.trace)
            // Cached prompt tokens differ: the second run finds the first one's prefixes in the sim's cache.
            #expect(a.usage.completionTokens == b.usage.completionTokens)
            #expect(a.usage.promptTokens == b.usage.promptTokens)
            #expect(a.usage.calls == b.usage.calls)
            #expect(a.trace != other.trace, "the seed must matter")
        }
    }

    @Test(arguments: Kind.allCases)
    func needsAProcessRewardModel(_ kind: Kind) async throws {
        let context = SearchContext(policy: StepSearchUnusedPolicy())
        await #expect(throws: StrategyError.missingScorer("a process reward model (role prm)")) {
            _ = try await kind.strategy.solve(Problem(question: "Start with 3. Add 4. What is the result?"), context: context)
        }
    }

    // MARK: Options

    @Test func lookaheadScoresAfterAGreedyRolloutAndCostsMore() async throws {
        // Lookahead k = 1 adds one greedy step per unfinished child: about N×(k+1) generations per round.
        let problems = SimProblemGenerator.generate(count: 8, seed: 21, difficulty: .level(4))
        try await StrategyHarness.withSim(Self.goodPRM) { endpoints in
            let plain = try await Self.solveAll(StepBeamSearch(), problems: problems, endpoints: endpoints)
            let before = endpoints.sim.stats().completionTokens
            let lookahead = try await Self.solveAll(
                StepBeamSearch(lookahead: 1, filterDuplicates: true), problems: problems, endpoints: endpoints)
            #expect(lookahead.completionTokens == endpoints.sim.stats().completionTokens - before)
            #expect(Double(lookahead.completionTokens) >= 1.5 * Double(plain.completionTokens))
            #expect(lookahead.accuracy >= 0.75, "\(lookahead.accuracy)")
        }
    }

    @Test func rebaseAllotsChildrenByTheReferenceFormula() {
        // REBASE's select_softmax: W = 16, τ = 0.2, rewards 0.9, 0.5, 0.1 (given out of order):
        // exp(r/τ) = 90.0, 12.2, 1.65; k = ceil(16·90/103.8) = 14, then ceil(2·12.2/13.8) = 2, then 0.
        let allotment = RewardBalancedSearch.allot(rewards: [0.5, 0.1, 0.9], width: 16, temperature: 0.2)
        #expect(allotment.map(\.0) == [2, 0])
        #expect(allotment.map(\.1) == [14, 2])
        // Equal rewards share evenly, earlier candidates first; the shares always sum to the width.
        let even = RewardBalancedSearch.allot(rewards: [0.3, 0.3, 0.3], width: 7, temperature: 0.2)
        #expect(even.map(\.1) == [3, 2, 2])
        let truncated = RewardBalancedSearch.allot(
            rewards: [0.2, 0.9, 0.4, 0.8], width: 5, temperature: 1, truncateRatio: 0.5)
        #expect(truncated.map(\.0) == [1, 3])
        #expect(truncated.map(\.1).reduce(0, +) == 5)
    }

    @Test func particleResamplingFollowsTheSeededWeights() {
        // Draws from the seeded generator match the softmax of the log-weights within sampling error.
        var random = SearchRandom(seed: 1, stream: ParticleFilter.randomStream)
        let probabilities = SearchMath.softmax([SearchMath.logit(0.9), SearchMath.logit(0.5)], temperature: 1)
        #expect(abs(probabilities[0] - 0.9) < 1e-9)
        var counts = [0, 0]
        for _ in 0..<10_000 { counts[random.index(weightedBy: probabilities)] += 1 }
        #expect(abs(Double(counts[0]) / 10_000 - 0.9) < 0.015)
    }

    // MARK: Helpers

    /// Per-problem results of one strategy over a problem set.
    typealias Results = StrategyHarness.Results

    /// Paired comparison of two strategies on the same problems: difference of accuracies and its standard
    /// error √(b + c − (b − c)²/n)/n, b and c the problems only the first or only the second got right.
    struct Paired {
        var difference: Double
        var standardError: Double

        init(_ first: Results, _ second: Results) {
            let n = Double(first.correct.count)
            let b = Double(zip(first.correct, second.correct).filter { $0 && !$1 }.count)
            let c = Double(zip(first.correct, second.correct).filter { !$0 && $1 }.count)
            difference = (b - c) / n
            standardError = max(0, b + c - (b - c) * (b - c) / n).squareRoot() / n
        }
    }

    static func solveAll(
        _ strategy: any Strategy, problems: [SimProblem], endpoints: StrategyHarness.SimEndpoints,
        budget: Budget = .unlimited
    ) async throws -> Results {
        try await StrategyHarness.solveAll(strategy, problems: problems, endpoints: endpoints, budget: budget, parallel: 32)
    }
}

/// A policy that must never be called (the strategies check for a PRM first).
struct StepSearchUnusedPolicy: Policy {
    func complete(_ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters) async throws -> PolicyOutput {
        Issue.record("the policy was called")
        return PolicyOutput(continuations: [], usage: .zero)
    }
}

@Suite struct StepSearchCatalogTests {
    @Test func presetParametersBuildTheStrategies() throws {
        let kinds = StrategyCatalog.stepSearchEntries.map(\.kind)
        #expect(kinds == StepSearchTests.Kind.allCases.map(\.rawValue))
        for entry in StrategyCatalog.stepSearchEntries {
            let reader = StrategyParameters.Reader(StrategyParameters())
            #expect(try entry.build(reader).kind == entry.kind)
        }
        let beamEntry = try #require(StrategyCatalog.stepSearchEntries.first { $0.kind == "beam" })
        let reader = StrategyParameters.Reader(
            StrategyParameters(["n": .int(16), "lookahead": .int(2), "selection": .string("best")]))
        let beam = try #require(try beamEntry.build(reader) as? StepBeamSearch)
        #expect(beam.n == 16 && beam.lookahead == 2 && beam.selection == .best && beam.beamWidth == 4)
        let rebaseEntry = try #require(StrategyCatalog.stepSearchEntries.first { $0.kind == "rebase" })
        let rebase = try #require(
            try rebaseEntry.build(StrategyParameters.Reader(StrategyParameters(["max_tokens": .int(0)]))) as? RewardBalancedSearch)
        #expect(rebase.maxTokens == nil && rebase.truncateRatio == nil && rebase.width == 16)
    }
}
