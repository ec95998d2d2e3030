import PonderCore
import Testing

@testable import PonderAllocator

/// Calibration's second look in rounds: a tier repeats the previous tier's cell while the pooled vote is
/// split, when that is about as accurate as the tier's own cells for fewer tokens.
@Suite struct RoundsFitTests {
    static let configurations = [
        CalibrationConfiguration(name: "narrow@4", budget: 4), CalibrationConfiguration(name: "wide@16", budget: 16),
    ]

    /// 40 problems. `narrow@4` costs 400 tokens a round; on every fifth problem its first round is split
    /// (share 0.4) and wrong, and a second round makes the pooled vote right and firm (0.8). `wide@16`
    /// costs 1,600 and is always right. With `roundsHelp` false a second round leaves the answer wrong.
    static func problems(roundsHelp: Bool = true) -> [CalibrationProblem] {
        (0..<40).map { i in
            let split = i % 5 == 0
            let rounds =
                split
                ? [PooledRound(share: 0.4, correct: false, tokens: 400), PooledRound(share: 0.8, correct: roundsHelp, tokens: 800),
                    PooledRound(share: 0.85, correct: roundsHelp, tokens: 1200)]
                : [PooledRound(share: 0.95, correct: true, tokens: 400), PooledRound(share: 0.95, correct: true, tokens: 800),
                    PooledRound(share: 0.96, correct: true, tokens: 1200)]
            let outcomes = [
                "narrow@4": CalibrationOutcome(correct: !split, tokens: 400, rounds: rounds),
                "wide@16": CalibrationOutcome(correct: true, tokens: 1600),
            ]
            return CalibrationProblem(
                id: "p\(i)", features: ProbeFeatures(samples: 4, agreement: 0.5, entropy: 1, answered: 1), pilotCorrect: false,
                probeTokens: 100, outcomes: outcomes)
        }
    }

    static let options = CalibrationOptions(bins: 1, folds: 2, learnDifficulty: false, rounds: 3)

    @Test func aSplitVoteTakesAnotherRoundOfTheCheapCell() throws {
        let result = try Calibration.fit(Self.problems(), configurations: Self.configurations, tiers: [4, 16], options: Self.options)
        let table = result.table
        #expect(table.inconsistency == nil)
        let escalation = try #require(table.escalation(tier: 16))
        #expect(escalation.rounds == 3 && escalation.fromTier == 4)
        #expect(escalation.below > 0.4 && escalation.below <= 0.8, "between the split first rounds and the pooled ones: \(escalation.below)")
        #expect(abs((escalation.rate ?? 0) - 0.2) < 1e-9)
        // A request at tier 16 repeats tier 4's cell; the tier keeps its own cell for batch plans.
        let planned = table.plannedCells(bin: 1, tier: 16)
        #expect(planned.first.preset == "narrow@4" && planned.second?.preset == "narrow@4" && planned.escalation == escalation)
        #expect(table.bins[0].cells.map(\.preset) == ["narrow@4", "wide@16"])
        // Every answer right at 400 + 0.2 × 400 tokens, against 1,600 for the tier's own cell.
        let estimate = try #require(result.report.estimates.last)
        #expect(abs(estimate.autoAccuracy - 1) < 1e-9)
        #expect(abs(estimate.autoTokens - (100 + 400 + 0.2 * 400)) < 1e-6)
        #expect(result.report.markdown.contains("up to 3 rounds"))
        // The table says so and reads back the same.
        let yaml = try table.yaml()
        #expect(yaml.contains("rounds: 3"))
        #expect(try AllocationTable.parse(yaml: yaml, file: "t.yaml").escalations == table.escalations)
    }

    @Test func noRoundsWhenPoolingDoesNotFixTheSplitOnesOrWhenNotAsked() throws {
        let useless = try Calibration.fit(
            Self.problems(roundsHelp: false), configurations: Self.configurations, tiers: [4, 16], options: Self.options)
        #expect(useless.table.escalations.isEmpty)
        let off = CalibrationOptions(bins: 1, folds: 2, learnDifficulty: false)
        #expect(try Calibration.fit(Self.problems(), configurations: Self.configurations, tiers: [4, 16], options: off).table.escalations.isEmpty)
    }

    @Test func withBothKindsTheWideCellWinsWhereRoundsDoNotFixTheSplitOnes() throws {
        var problems = Self.problems(roundsHelp: false)
        for i in problems.indices { problems[i].outcomes["narrow@4"]?.agreement = i % 5 == 0 ? 0.25 : 1 }
        var options = Self.options
        options.escalate = true
        let escalation = try #require(
            try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table.escalation(tier: 16))
        #expect(escalation.rounds == nil, "the tier's own cell fixes them; more rounds do not")
    }

    @Test func withBothKindsTheCheaperIsTakenWhenItIsWithinTheTolerance() throws {
        // Rounds fix every split problem but one; the wide cell fixes them all, for more tokens.
        var problems = Self.problems()
        for i in problems.indices { problems[i].outcomes["narrow@4"]?.agreement = i % 5 == 0 ? 0.25 : 1 }
        let unfixed = problems[0].outcomes["narrow@4"]?.rounds?.map { PooledRound(share: $0.share, correct: false, tokens: $0.tokens) }
        problems[0].outcomes["narrow@4"]?.rounds = unfixed
        var options = Self.options
        options.escalate = true
        options.tolerance = 0
        let strict = try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table
        #expect(strict.escalation(tier: 16)?.rounds == nil, "without tolerance the more accurate kind")
        options.tolerance = 0.1
        let loose = try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table
        #expect(loose.escalation(tier: 16)?.rounds == 3, "within the tolerance the cheaper kind")
    }

    @Test func roundsPastTheCapAreNotCounted() throws {
        // The split problems only come right at the third round: a cap of 2 leaves them wrong.
        var problems = Self.problems()
        for i in problems.indices where i % 5 == 0 {
            problems[i].outcomes["narrow@4"]?.rounds = [
                PooledRound(share: 0.4, correct: false, tokens: 400), PooledRound(share: 0.5, correct: false, tokens: 800),
                PooledRound(share: 0.9, correct: true, tokens: 1200),
            ]
        }
        var options = Self.options
        options.rounds = 2
        #expect(try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table.escalations.isEmpty)
        options.rounds = 3
        let table = try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table
        #expect(table.escalation(tier: 16)?.rounds == 3)
    }

    @Test func withBothKindsEquallyRightTheCheaperSecondLookIsTaken() throws {
        // Both are right everywhere; repeating the cheap cell costs less than the wide cell on the split ones.
        var problems = Self.problems()
        for i in problems.indices {
            let split = i % 5 == 0
            problems[i].outcomes["narrow@4"]?.agreement = split ? 0.25 : 1
        }
        var options = Self.options
        options.escalate = true
        let table = try Calibration.fit(problems, configurations: Self.configurations, tiers: [4, 16], options: options).table
        #expect(table.escalation(tier: 16)?.rounds == 3)
    }

    @Test func poolingReadsTheFirstRunsOwnAnswerThenTheWeightedVote() {
        func run(_ correct: Bool, _ candidates: [(String?, Double, Bool)]) -> PooledRound.Run {
            PooledRound.Run(
                correct: correct, tokens: 100,
                candidates: candidates.map { (Candidate(text: "x", answer: $0.0, score: $0.1), $0.2) })
        }
        // First run: "7" has 0.6 of the score, but the search's own answer ("5") is what it returned.
        let rounds = PooledRound.cumulative([
            run(true, [("7", 0.6, false), ("5", 0.4, true), (nil, 0.9, false)]),
            run(true, [("5", 0.5, true), ("5", 0.4, true), ("7", -1, false)]),
        ])
        #expect(rounds.count == 2)
        #expect(abs(rounds[0].share - 0.6) < 1e-9 && rounds[0].correct && rounds[0].tokens == 100)
        // Pooled: "5" 1.3 against "7" 0.6 (a negative score counts as nothing; unanswered ones are left out).
        #expect(abs(rounds[1].share - 1.3 / 1.9) < 1e-9 && rounds[1].correct && rounds[1].tokens == 200)
    }

    @Test func thePooledVoteWeighsByScoreNotByCount() {
        let candidates = [
            Candidate(text: "a", answer: "5", score: 0.1), Candidate(text: "b", answer: "5", score: 0.1),
            Candidate(text: "c", answer: "5", score: 0.1), Candidate(text: "d", answer: "7", score: 0.9),
            Candidate(text: "e", answer: "9", score: -2), Candidate(text: "Step 1: 3", score: 5, isComplete: false),
        ]
        let (ranked, share) = PooledVote.tally(candidates)
        #expect(ranked.first?.answer == "7", "the heavier class wins over the larger one")
        #expect(ranked.count == 5, "the candidate without an answer is left out")
        #expect(abs(share - 0.9 / 1.2) < 1e-9, "\(share)")
        #expect(PooledVote.tally([Candidate(text: "x", answer: "1", score: 0)]).share == 0)
        // A negative score counts as nothing in the ranking too, so the share is always the winner's.
        let negative = PooledVote.tally([
            Candidate(text: "a", answer: "A", score: 0.9), Candidate(text: "b", answer: "A", score: -2), Candidate(text: "c", answer: "B", score: 0.5),
        ])
        #expect(negative.ranked.first?.answer == "A" && abs(negative.share - 0.9 / 1.4) < 1e-9)
        // Without any score (a sampler with no verifier) it is a plain majority.
        let unscored = ["5", "7", "7", "5", "7"].map { Candidate(text: $0, answer: $0) }
        let plain = PooledVote.tally(unscored)
        #expect(plain.ranked.first?.answer == "7" && abs(plain.share - 0.6) < 1e-9)
    }

    @Test func theTableRefusesRoundsOutOfRange() throws {
        var table = try Calibration.fit(Self.problems(), configurations: Self.configurations, tiers: [4, 16], options: Self.options).table
        for bad in [1, AllocationTable.Escalation.maxRounds + 1] {
            table.escalations[0].rounds = bad
            #expect(table.inconsistency?.contains("rounds") == true, "\(bad): \(table.inconsistency ?? "accepted")")
        }
    }
}
