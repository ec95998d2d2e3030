import PonderAllocator
import PonderCore
import Testing

@Suite struct BatchAllocatorTests {
    typealias Cell = AllocationTable.Cell
    typealias Bin = AllocationTable.Bin
    typealias Item = BatchAllocator.Item

    /// Accuracy per token of each upgrade from the pilots:
    /// bin 2 vote@4 0.2/400 = 5e-4, vote@16 0.3/1600 ≈ 1.9e-4; bin 3 beam@4 0.1/1000 = 1e-4, beam@16 0.4/2000 = 2e-4.
    static func table(earlyExitAccuracy: Double? = 0.99) -> AllocationTable {
        AllocationTable(
            thresholds: [0.3, 0.7], tiers: [4, 16],
            earlyExit: .init(agreement: 1, accuracy: earlyExitAccuracy, rate: 0.2),
            bins: [
                Bin(
                    index: 1, problems: 10, pilotAccuracy: 0.9,
                    cells: [
                        Cell(tier: 4, preset: "pilots", accuracy: 0.9, tokens: 0),
                        Cell(tier: 16, preset: "vote@16", accuracy: 0.95, tokens: 2000),
                    ]),
                Bin(
                    index: 2, problems: 10, pilotAccuracy: 0.5,
                    cells: [
                        Cell(tier: 4, preset: "vote@4", accuracy: 0.7, tokens: 400),
                        Cell(tier: 16, preset: "vote@16", accuracy: 0.8, tokens: 1600),
                    ]),
                Bin(
                    index: 3, problems: 10, pilotAccuracy: 0.1,
                    cells: [
                        Cell(tier: 4, preset: "beam@4", accuracy: 0.2, tokens: 1000),
                        Cell(tier: 16, preset: "beam@16", accuracy: 0.5, tokens: 2000),
                    ]),
            ])
    }

    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    @Test func zeroTokensLeavesEveryItemOnThePilots() throws {
        let items = [Item(bin: 1, earlyExit: false), Item(bin: 2, earlyExit: false), Item(bin: 3, earlyExit: false)]
        let allocation = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 16, tokens: 0)
        #expect(allocation.plans == Array(repeating: .pilots(earlyExit: false), count: 3))
        #expect(allocation.estimatedTokens == [0, 0, 0])
        #expect(allocation.plannedTokens == 0)
        #expect(close(allocation.estimatedCorrect, 0.9 + 0.5 + 0.1))
    }

    @Test func theBestAccuracyPerTokenIsBoughtFirst() throws {
        // Bin 3 comes first and beam@4 alone would fit the budget, but bin 2's vote@4 buys more per token;
        // after it, only 600 tokens are left, too few for anything in bin 3.
        let items = [Item(bin: 3, earlyExit: false), Item(bin: 2, earlyExit: false)]
        let allocation = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 16, tokens: 1000)
        #expect(allocation.plans == [.pilots(earlyExit: false), .preset("vote@4", tier: 4)])
        #expect(allocation.estimatedTokens == [0, 400])
        #expect(close(allocation.estimatedCorrect, 0.1 + 0.7))
    }

    @Test func greedyUpgradesInOrderOfRatio() throws {
        let items = [Item(bin: 3, earlyExit: false), Item(bin: 2, earlyExit: false)]
        // 2000: vote@4 (5e-4) → 1600 left; then beam@4 (1e-4, fits) beats vote@4→vote@16 (0.1/1200 ≈ 8.3e-5)
        // → 600 left; nothing else fits.
        let mid = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 16, tokens: 2000)
        #expect(mid.plans == [.preset("beam@4", tier: 4), .preset("vote@4", tier: 4)])
        #expect(mid.plannedTokens == 1400)
        // Plenty: both end at their most accurate cells.
        let rich = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 16, tokens: 100_000)
        #expect(rich.plans == [.preset("beam@16", tier: 16), .preset("vote@16", tier: 16)])
        #expect(rich.estimatedTokens == [2000, 1600])
        #expect(close(rich.estimatedCorrect, 0.5 + 0.8))
    }

    @Test func theTierCapLimitsTheOptions() throws {
        let items = [Item(bin: 3, earlyExit: false), Item(bin: 2, earlyExit: false)]
        let capped = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 4, tokens: 100_000)
        #expect(capped.plans == [.preset("beam@4", tier: 4), .preset("vote@4", tier: 4)])
        let below = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 1, tokens: 100_000)
        #expect(below.plans == [.pilots(earlyExit: false), .pilots(earlyExit: false)])
    }

    @Test func pilotsCellsAreNotUpgrades() throws {
        // Bin 1's tier-4 cell is the pilots' answer: with the cap at 4 there is nothing to buy.
        let allocation = try BatchAllocator.allocate(
            [Item(bin: 1, earlyExit: false)], table: Self.table(), tierCap: 4, tokens: 100_000)
        #expect(allocation.plans == [.pilots(earlyExit: false)])
    }

    @Test func upgradesThatLoseAccuracyAreNotBought() throws {
        var table = Self.table()
        table.bins[1].cells[0].accuracy = 0.4  // vote@4 below the pilots' 0.5
        let allocation = try BatchAllocator.allocate(
            [Item(bin: 2, earlyExit: false)], table: table, tierCap: 4, tokens: 100_000)
        #expect(allocation.plans == [.pilots(earlyExit: false)])
        #expect(allocation.plannedTokens == 0)
    }

    @Test func earlyExitItemsStayOnThePilots() throws {
        let items = [Item(bin: 2, earlyExit: true), Item(bin: 3, earlyExit: true), Item(bin: 2, earlyExit: false)]
        let allocation = try BatchAllocator.allocate(items, table: Self.table(), tierCap: 16, tokens: 100_000)
        #expect(allocation.plans == [.pilots(earlyExit: true), .pilots(earlyExit: true), .preset("vote@16", tier: 16)])
        #expect(allocation.estimatedTokens == [0, 0, 1600])
        #expect(close(allocation.estimatedCorrect, 0.99 + 0.99 + 0.8))
        // Without an early-exit accuracy, the bin's pilot accuracy stands in.
        let plain = try BatchAllocator.allocate(items, table: Self.table(earlyExitAccuracy: nil), tierCap: 16, tokens: 0)
        #expect(close(plain.estimatedCorrect, 0.5 + 0.1 + 0.5))
    }

    @Test func repeatedPresetInABinIsOneOption() throws {
        var table = Self.table()
        table.bins[1].cells[1] = Cell(tier: 16, preset: "vote@4", accuracy: 0.7, tokens: 400)
        let allocation = try BatchAllocator.allocate(
            [Item(bin: 2, earlyExit: false)], table: table, tierCap: 16, tokens: 100_000)
        #expect(allocation.plans == [.preset("vote@4", tier: 4)])
    }

    @Test func binsOutsideTheTableAreClamped() throws {
        let allocation = try BatchAllocator.allocate(
            [Item(bin: 0, earlyExit: false), Item(bin: 7, earlyExit: false)], table: Self.table(), tierCap: 16,
            tokens: 100_000)
        #expect(allocation.plans == [.preset("vote@16", tier: 16), .preset("beam@16", tier: 16)])
    }

    /// Over many budgets and mixes of items, the plan never exceeds the tokens and every estimate is one of
    /// the bin's options.
    @Test func neverPlansMoreThanTheTokensGiven() throws {
        let table = Self.table()
        var generator = TestRandom(seed: 7)
        for round in 0..<300 {
            let count = 1 + Int(generator.next() % 12)
            let items = (0..<count).map { _ in
                Item(bin: 1 + Int(generator.next() % 3), earlyExit: generator.next() % 5 == 0)
            }
            let tokens = Double(generator.next() % 20_000)
            let cap = [1, 4, 16, 64][Int(generator.next() % 4)]
            let allocation = try BatchAllocator.allocate(items, table: table, tierCap: cap, tokens: tokens)
            #expect(allocation.plans.count == items.count)
            #expect(allocation.plannedTokens <= tokens, "round \(round): \(allocation.plannedTokens) > \(tokens)")
            for (index, item) in items.enumerated() {
                if item.earlyExit {
                    #expect(allocation.plans[index] == .pilots(earlyExit: true))
                    #expect(allocation.estimatedTokens[index] == 0)
                } else if case .preset(let name, let tier) = allocation.plans[index] {
                    let cell = table.bins[item.bin - 1].cells.first { $0.preset == name && $0.tier == tier }
                    #expect(cell != nil && tier <= cap)
                    #expect(allocation.estimatedTokens[index] == cell?.tokens)
                } else {
                    #expect(allocation.plans[index] == .pilots(earlyExit: false))
                }
            }
            // More tokens never hurt: with the whole budget free, the estimate is at least the pilots'.
            let floor = items.reduce(0.0) { sum, item in
                sum + (item.earlyExit ? 0.99 : table.bins[item.bin - 1].pilotAccuracy!)
            }
            #expect(allocation.estimatedCorrect >= floor - 1e-9)
        }
    }

    @Test func uncalibratedPilotAccuracyThrows() {
        var table = Self.table()
        table.bins[1].pilotAccuracy = nil
        #expect(throws: BatchAllocator.AllocationError.self) {
            try BatchAllocator.allocate([Item(bin: 2, earlyExit: false)], table: table, tierCap: 16, tokens: 1000)
        }
        // Bins no item is in are not consulted.
        #expect(throws: Never.self) {
            try BatchAllocator.allocate([Item(bin: 3, earlyExit: false)], table: table, tierCap: 16, tokens: 1000)
        }
    }

    @Test(arguments: ["accuracy", "tokens"])
    func uncalibratedCellThrows(field: String) throws {
        var table = Self.table()
        if field == "accuracy" { table.bins[2].cells[1].accuracy = nil } else { table.bins[2].cells[1].tokens = nil }
        let error = try #require(throws: BatchAllocator.AllocationError.self) {
            try BatchAllocator.allocate([Item(bin: 3, earlyExit: false)], table: table, tierCap: 16, tokens: 1000)
        }
        guard case .uncalibrated(let bin) = error else { return }
        #expect(bin == 3)
        #expect(error.description.contains("bin 3"))
        #expect(error.description.contains("ponder calibrate"))
    }
}

/// SplitMix64: a small deterministic generator for property tests.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
