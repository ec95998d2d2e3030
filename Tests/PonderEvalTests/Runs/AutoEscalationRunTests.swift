import PonderAllocator
import PonderCore
import PonderEngine
import PonderEval
import Testing

/// `auto`'s second look, run for real against the sim: a tier with an escalation runs its cell, reads
/// how firmly the candidates back the answer, and runs the wide preset on top when they do not.
@Suite(.serialized) struct AutoEscalationRunTests {
    /// Two bins planning `self-consistency@4` at both tiers; tier 16 escalates to `particle-filter@16`
    /// below `below`, when the budget leaves `tokens` for it.
    static func table(below: Double, tokens: Double = 1000) -> AllocationTable {
        let cells = [
            AllocationTable.Cell(tier: 4, preset: "self-consistency@4", accuracy: 0.8, tokens: 300),
            AllocationTable.Cell(tier: 16, preset: "self-consistency@4", accuracy: 0.8, tokens: 300),
        ]
        return AllocationTable(
            thresholds: [0.5], tiers: [4, 16],
            bins: [AllocationTable.Bin(index: 1, pilotAccuracy: 0.7, cells: cells), AllocationTable.Bin(index: 2, pilotAccuracy: 0.5, cells: cells)],
            escalations: [AllocationTable.Escalation(tier: 16, below: below, preset: "particle-filter@16", tokens: tokens)])
    }

    static func run(_ table: AllocationTable, preset: String = "auto", budget: Budget = .unlimited) async throws -> [StoredResult] {
        try await RunTestSupport.withEngine { base in
            let engine = try AllocatorRunTests.engine(base, table: table)
            return try await AllocatorRunTests.results(
                BatchRun.Request(dataset: RunTestSupport.dataset(count: 6, seed: 41), preset: preset, budget: budget), engine: engine)
        }
    }

    @Test func aDoubtfulAnswerGetsTheWideSearchAndItsCostIsCounted() async throws {
        let never = try await Self.run(Self.table(below: 0))
        let always = try await Self.run(Self.table(below: 1.01))
        #expect(never.count == 6 && always.count == 6)
        for result in never {
            let allocation = try #require(result.allocation)
            #expect(allocation.plan == "self-consistency@4" && allocation.escalatedTo == nil)
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
        // At tier 4 there is no escalation to take.
        let tierFour = try await Self.run(Self.table(below: 1.01), preset: "auto@4")
        #expect(tierFour.allSatisfy { $0.allocation?.escalatedTo == nil && $0.allocation?.agreement == nil })
    }

    @Test func noSecondLookWhenTheBudgetCannotPayForIt() async throws {
        let results = try await Self.run(Self.table(below: 1.01, tokens: 50_000), budget: Budget(maxCompletionTokens: 20_000))
        #expect(results.count == 6)
        #expect(results.allSatisfy { $0.allocation?.escalatedTo == nil && $0.allocation?.agreement != nil })
        #expect(results.allSatisfy { $0.usage.completionTokens <= 20_000 })
    }
}

extension AutoEscalationRunTests {
    @Test func aBatchBudgetIsNotSpentOnSecondLooks() async throws {
        let results = try await RunTestSupport.withEngine { base in
            let engine = try AllocatorRunTests.engine(base, table: Self.table(below: 1.01))
            return try await AllocatorRunTests.results(
                BatchRun.Request(dataset: RunTestSupport.dataset(count: 6, seed: 41), preset: "auto", tokenBudget: 2000), engine: engine)
        }
        #expect(results.count == 6)
        #expect(results.allSatisfy { $0.allocation?.escalatedTo == nil })
        #expect(AllocatorRunTests.completionTokens(results) <= 2000)
    }
}
