import PonderAllocator
import PonderCore
import PonderEngine
import PonderEval
import Testing

/// `auto`'s second look in rounds, run for real against the sim: a tier runs a lower tier's cell, and
/// while the verifier-weighted vote over everything found so far is split, runs that cell again on a
/// fresh seed and pools the candidates.
@Suite(.serialized) struct AutoRoundsRunTests {
    /// Two bins; tier 4's cell is `first` (estimated at `tokens`), tier 16's own cell `particle-filter@16`;
    /// tier 16 repeats tier 4's cell up to `rounds` times while the pooled vote's share is below `below`.
    static func table(below: Double, rounds: Int = 3, tokens: Double = 300, first: String = "particle-filter@4") -> AllocationTable {
        let cells = [
            AllocationTable.Cell(tier: 4, preset: first, accuracy: 0.8, tokens: first == "pilots" ? 0 : tokens),
            AllocationTable.Cell(tier: 16, preset: "particle-filter@16", accuracy: 0.9, tokens: 1000),
        ]
        return AllocationTable(
            thresholds: [0.5], tiers: [4, 16],
            bins: [AllocationTable.Bin(index: 1, pilotAccuracy: 0.7, cells: cells), AllocationTable.Bin(index: 2, pilotAccuracy: 0.5, cells: cells)],
            escalations: [AllocationTable.Escalation(tier: 16, fromTier: 4, below: below, rounds: rounds)])
    }

    static func run(
        _ table: AllocationTable, preset: String = "auto", budget: Budget = .unlimited, count: Int = 8
    ) async throws -> [StoredResult] {
        try await AutoEscalationRunTests.run(table, preset: preset, budget: budget, count: count)
    }

    @Test func aSplitVoteRunsMoreRoundsAndTheAnswerIsThePooledVote() async throws {
        let first = "weighted-vote@4"
        let once = try await Self.run(Self.table(below: 0, first: first), count: 16)
        let thrice = try await Self.run(Self.table(below: 1.01, first: first), count: 16)
        #expect(once.count == 16 && thrice.count == 16)
        let single = Dictionary(uniqueKeysWithValues: once.map { ($0.problemID, $0) })
        for result in once {
            let allocation = try #require(result.allocation)
            #expect(allocation.plan == first && allocation.tier == 16 && allocation.rounds == 1)
            #expect(allocation.agreement.map { (0...1).contains($0) } == true)
            #expect(result.candidates.count <= 4, "one round of 4 samples")
        }
        var overruled = 0
        var distinct = (rounds: 0, once: 0)
        for result in thrice {
            let allocation = try #require(result.allocation)
            #expect(allocation.rounds == 3 && allocation.plan == first && allocation.escalatedTo == nil)
            let one = try #require(single[result.problemID])
            distinct.rounds += Set(result.candidates.map(\.text)).count
            distinct.once += Set(one.candidates.map(\.text)).count
            #expect(result.usage.completionTokens > one.usage.completionTokens, "every round is in the usage")
            #expect(result.usage.calls > one.usage.calls)
            // The answer is the class with the most verifier score over all rounds.
            var mass: [String: Double] = [:]
            for candidate in result.candidates { if let answer = candidate.answerCanonical { mass[answer, default: 0] += max(0, candidate.score ?? 0) } }
            let top = try #require(mass.max { $0.value < $1.value })
            let chosen = try #require(result.answer.flatMap { answer in result.candidates.first { $0.answer == answer }?.answerCanonical })
            #expect(chosen == top.key, "answer \(result.answer ?? "none"), heaviest class \(top.key)")
            if result.answer != one.answer { overruled += 1 }
        }
        #expect(overruled > 0, "on some problem the pooled vote overrules the first round's answer")
        // Rounds on their own seeds find texts one round did not (on the same seed they would repeat it).
        #expect(distinct.rounds > distinct.once, "\(distinct)")
        // Tier 4 has no second look.
        let tierFour = try await Self.run(Self.table(below: 1.01), preset: "auto@4")
        #expect(tierFour.allSatisfy { $0.allocation?.rounds == nil && $0.allocation?.tier == 4 })
    }

    @Test func roundsGoOnOnlyWhileThePooledVoteIsSplit() async throws {
        let first = "weighted-vote@4"
        // Each problem's share after one round, and after two (the rounds' seeds are the same in every run).
        let once = try await Self.run(Self.table(below: 0, first: first), count: 16)
        let twice = try await Self.run(Self.table(below: 1.01, rounds: 2, first: first), count: 16)
        let oneRound = Dictionary(uniqueKeysWithValues: once.map { ($0.problemID, $0.allocation?.agreement ?? -1) })
        let twoRounds = Dictionary(uniqueKeysWithValues: twice.map { ($0.problemID, $0.allocation?.agreement ?? -1) })
        #expect(twice.allSatisfy { $0.allocation?.rounds == 2 })
        // A threshold that some problem's second round reaches from below.
        let firmedUp = once.map(\.problemID).filter { (twoRounds[$0] ?? -1) > (oneRound[$0] ?? 2) }
        let threshold = try #require(firmedUp.compactMap { twoRounds[$0] }.max(), "no second round firmed a vote up")

        let split = try await Self.run(Self.table(below: threshold, rounds: 3, first: first), count: 16)
        var stops: [Int] = []
        for result in split {
            let allocation = try #require(result.allocation)
            let one = try #require(oneRound[result.problemID])
            let two = try #require(twoRounds[result.problemID])
            let expected = one >= threshold ? 1 : two >= threshold ? 2 : 3
            #expect(allocation.rounds == expected, "shares \(one), \(two); threshold \(threshold)")
            stops.append(allocation.rounds ?? 0)
        }
        #expect(stops.contains(2) && stops.contains(3), "\(stops)")
    }

    @Test func noFurtherRoundWhenTheBudgetLeftCannotPayForIt() async throws {
        // An estimate that fits after every problem's probe but not after its first round as well (a first
        // round of 16 particles costs more than the probes differ by).
        let first = "particle-filter@16"
        let once = try await Self.run(Self.table(below: 0, first: first))
        let probes = once.compactMap { $0.allocation?.probeUsage.completionTokens }
        let maxProbe = try #require(probes.max())
        let minFirstRound = try #require(once.map(\.usage.completionTokens).min())
        try #require(probes.count == 8 && maxProbe < minFirstRound, "probes \(probes), first rounds from \(minFirstRound)")
        let budget = 100_000
        let estimate = Double(budget - maxProbe)
        let tight = try await Self.run(Self.table(below: 1.01, tokens: estimate, first: first), budget: Budget(maxCompletionTokens: budget))
        #expect(tight.count == 8)
        #expect(tight.allSatisfy { $0.allocation?.tier == 16 && $0.allocation?.rounds == 1 }, "\(tight.map { $0.allocation?.rounds })")
        // With a little more room the same estimate pays for more rounds.
        let roomy = try await Self.run(
            Self.table(below: 1.01, tokens: estimate, first: first), budget: Budget(maxCompletionTokens: budget + 2 * minFirstRound))
        #expect(roomy.contains { ($0.allocation?.rounds ?? 0) > 1 })
    }

    @Test func aPilotsCellBelowMeansTheTiersOwnCellAndNoRounds() async throws {
        let results = try await Self.run(Self.table(below: 1.01, first: "pilots"))
        #expect(results.count == 8)
        for result in results {
            let allocation = try #require(result.allocation)
            #expect(allocation.plan == "particle-filter@16" && allocation.rounds == nil && allocation.escalatedTo == nil)
        }
    }
}
