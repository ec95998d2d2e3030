import PonderAllocator
import PonderCore
import PonderEngine
import PonderEval
import Testing

/// `auto`'s second look, run for real against the sim: a tier with an escalation runs a lower tier's
/// cell first, reads how firmly the candidates back the answer, and runs the tier's own cell on top
/// when they do not.
@Suite(.serialized) struct AutoEscalationRunTests {
    /// Two bins; tier 4's cell is `first`, tier 16's own cell `particle-filter@16` (estimated at `tokens`),
    /// and tier 16 runs tier 4's cell first and its own when the agreement is below `below`.
    static func table(below: Double, tokens: Double = 1000, first: String = "self-consistency@4") -> AllocationTable {
        let cells = [
            AllocationTable.Cell(tier: 4, preset: first, accuracy: 0.8, tokens: first == "pilots" ? 0 : 300),
            AllocationTable.Cell(tier: 16, preset: "particle-filter@16", accuracy: 0.9, tokens: tokens),
        ]
        return AllocationTable(
            thresholds: [0.5], tiers: [4, 16],
            bins: [AllocationTable.Bin(index: 1, pilotAccuracy: 0.7, cells: cells), AllocationTable.Bin(index: 2, pilotAccuracy: 0.5, cells: cells)],
            escalations: [AllocationTable.Escalation(tier: 16, fromTier: 4, below: below)])
    }

    static func run(
        _ table: AllocationTable, preset: String = "auto", budget: Budget = .unlimited, tokenBudget: Int? = nil, count: Int = 8
    ) async throws -> [StoredResult] {
        try await RunTestSupport.withEngine { base in
            let engine = try AllocatorRunTests.engine(base, table: table)
            let request = BatchRun.Request(
                dataset: RunTestSupport.dataset(count: count, seed: 41), preset: preset, budget: budget, tokenBudget: tokenBudget)
            return try await AllocatorRunTests.results(request, engine: engine, withTraces: true)
        }
    }

    @Test func aDoubtfulAnswerGetsTheWideSearchAndItsCostIsCounted() async throws {
        let never = try await Self.run(Self.table(below: 0))
        let always = try await Self.run(Self.table(below: 1.01))
        #expect(never.count == 8 && always.count == 8)
        for result in never {
            let allocation = try #require(result.allocation)
            #expect(allocation.plan == "self-consistency@4" && allocation.tier == 16 && allocation.escalatedTo == nil)
            #expect(allocation.agreement.map { (0...1).contains($0) } == true)
        }
        let first = Dictionary(uniqueKeysWithValues: never.map { ($0.problemID, $0) })
        for result in always {
            let allocation = try #require(result.allocation)
            #expect(allocation.escalatedTo == "particle-filter@16")
            #expect(allocation.plan == "self-consistency@4", "the record keeps the first plan")
            // The answer is the wide search's: its 16 particles, not the 4 samples.
            #expect(result.candidates.count == 16, "\(result.candidates.count) candidates")
            let cheap = try #require(first[result.problemID])
            #expect(result.usage.completionTokens > cheap.usage.completionTokens, "both searches are in the usage")
            #expect(result.usage.calls > cheap.usage.calls)
        }
        // At tier 4 there is no escalation to take, and tier 4 plans its own cell.
        let tierFour = try await Self.run(Self.table(below: 1.01), preset: "auto@4")
        #expect(tierFour.allSatisfy { $0.allocation?.escalatedTo == nil && $0.allocation?.agreement == nil && $0.allocation?.tier == 4 })
    }

    @Test func onlyAnswersBelowTheThresholdEscalate() async throws {
        let never = try await Self.run(Self.table(below: 0))
        let agreements = never.compactMap { $0.allocation?.agreement }
        #expect(agreements.count == 8)
        // A threshold between the lowest and the highest agreement seen splits the problems.
        let threshold = try #require(Set(agreements).sorted().dropFirst().first, "the sim's answers all agree as firmly: \(agreements)")
        let split = try await Self.run(Self.table(below: threshold))
        for result in split {
            let allocation = try #require(result.allocation)
            let agreement = try #require(allocation.agreement)
            #expect((allocation.escalatedTo != nil) == (agreement < threshold), "agreement \(agreement), threshold \(threshold)")
        }
        #expect(split.contains { $0.allocation?.escalatedTo != nil } && split.contains { $0.allocation?.escalatedTo == nil })
    }

    @Test func theFirstSearchSamplesAfreshWhereASecondLookMayFollow() async throws {
        // Calibration measured the first cell's agreement on fresh samples; served the pilots, it would
        // start from their vote.
        let results = try await Self.run(Self.table(below: 0))
        #expect(results.allSatisfy { $0.allocation?.pilotsReused == 0 })
        let tierFour = try await Self.run(Self.table(below: 0), preset: "auto@4")
        #expect(tierFour.contains { ($0.allocation?.pilotsReused ?? 0) > 0 }, "without a second look the pilots are reused")
    }

    @Test func pilotsThatAnswerAtTheLowerTierTakeTheSecondLookToo() async throws {
        let results = try await Self.run(Self.table(below: 1.01, first: "pilots"))
        #expect(results.count == 8)
        for result in results where result.allocation?.earlyExit == false {
            let allocation = try #require(result.allocation)
            #expect(allocation.plan == nil && allocation.tier == 16 && allocation.escalatedTo == "particle-filter@16")
            #expect(result.candidates.count == 16)
        }
    }

    @Test func noSecondLookWhenTheBudgetLeftCannotPayForIt() async throws {
        // The whole budget would hold the estimate; what is left after the probe and the first search does not.
        let results = try await Self.run(Self.table(below: 1.01, tokens: 19_900), budget: Budget(maxCompletionTokens: 20_000))
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0.allocation?.escalatedTo == nil && $0.allocation?.agreement != nil })
    }

    @Test func aSecondLookCutShortLeavesTheFirstAnswer() async throws {
        let budget = Budget(maxCompletionTokens: 900, hardTokenLimit: true)
        let never = try await Self.run(Self.table(below: 0), budget: budget)
        let cut = try await Self.run(Self.table(below: 1.01, tokens: 10), budget: budget)
        let first = Dictionary(uniqueKeysWithValues: never.map { ($0.problemID, $0) })
        var kept = 0
        for result in cut where result.allocation?.escalatedTo != nil {
            let before = try #require(first[result.problemID])
            #expect(result.usage.completionTokens > before.usage.completionTokens && result.usage.completionTokens <= 900)
            // A second look that finished answers with its 16 particles; one the budget cut leaves the first answer.
            if result.candidates.count != 16 {
                #expect(result.answer == before.answer && result.candidates.count == before.candidates.count)
                // The trace has the second look's nodes too, but still points at the first search's answer.
                #expect(result.trace?.chosen != nil && result.trace?.chosen == before.trace?.chosen)
                #expect((result.trace?.nodes.count ?? 0) > (before.trace?.nodes.count ?? 0))
                kept += 1
            }
        }
        #expect(kept > 0, "no second look was cut short")
    }

    @Test func aBatchBudgetIsNotSpentOnSecondLooks() async throws {
        let results = try await Self.run(Self.table(below: 1.01), tokenBudget: 5000)
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0.allocation?.escalatedTo == nil })
        #expect(results.contains { $0.allocation?.plan != nil }, "the budget bought no search, so nothing could escalate")
        #expect(AllocatorRunTests.completionTokens(results) <= 5000)
    }
}
