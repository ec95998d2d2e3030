import Foundation
import PonderAllocator
import PonderCore
import PonderEngine
import PonderEval
import PonderSim
import Testing

/// `auto` end to end against the sim: calibration through the run engine, then `auto` on held-out
/// problems next to fixed presets, per-batch budgets, and the oracle.
@Suite(.serialized) struct AllocatorRunTests {
    /// An engine like `engine` whose `auto` preset reads `table`.
    static func engine(_ engine: Engine, table: AllocationTable) throws -> Engine {
        let auto = try PresetLibrary.parse(yaml: "kind: auto\nparameters:\n  table: test-table\n", file: "auto.yaml", defaultName: "auto")
        let presets = engine.presets.presets.filter { $0.name != "auto" } + [auto]
        return Engine(endpoints: engine.endpoints, presets: PresetLibrary(presets: presets), prompts: engine.prompts, tables: ["test-table": table])
    }

    static func calibrate(_ engine: Engine, problems: Int) async throws -> Calibration.Result {
        let folder = NSTemporaryDirectory() + "ponder-calibration-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let calibration = CalibrationRuns(
            dataset: RunTestSupport.dataset(count: problems, seed: 31), presets: ["self-consistency", "particle-filter"],
            budgets: [4, 16], folder: folder, concurrency: 8)
        return try await calibration.run(engine: engine)
    }

    static func results(_ request: BatchRun.Request, engine: Engine, withTraces: Bool = false) async throws -> [StoredResult] {
        let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
        let report = try await RunTestSupport.execute(request, engine: engine, store: store)
        #expect(report.outcome.completed)
        return try await store.results(withTraces: withTraces)
    }

    static func accuracy(_ results: [StoredResult]) -> Double { Double(results.filter(\.correct).count) / Double(results.count) }
    static func completionTokens(_ results: [StoredResult]) -> Int { results.reduce(0) { $0 + $1.usage.completionTokens } }

    @Test func calibratedAutoSpendsLessThanTheBestFixedPresetForTheSameAccuracy() async throws {
        try await RunTestSupport.withEngine { base in
            let calibration = try await Self.calibrate(base, problems: 150)
            let table = calibration.table
            #expect(table.inconsistency == nil && table.binCount == 5 && table.tiers == [4, 16])
            let allowed: Set = ["pilots", "self-consistency@4", "self-consistency@16", "particle-filter@4", "particle-filter@16"]
            #expect(table.bins.flatMap(\.cells).allSatisfy { allowed.contains($0.preset) })
            #expect(table.bins.allSatisfy { !$0.cells[0].preset.hasSuffix("@16") }, "a tier-4 cell never plans a budget of 16")
            #expect(table.model.logistic != nil, "the difficulty model is fitted to the pilots' grades")
            #expect(calibration.report.markdown.contains("| 5 |"))

            let engine = try Self.engine(base, table: table)
            let heldOut = RunTestSupport.dataset(count: 150, seed: 32)
            let auto = try await Self.results(BatchRun.Request(dataset: heldOut, preset: "auto"), engine: engine)
            let fixed = try await Self.results(BatchRun.Request(dataset: heldOut, preset: "particle-filter@16"), engine: engine)

            // The probe is part of every answer's usage; an early exit costs exactly the probe.
            for result in auto {
                let allocation = try #require(result.allocation)
                #expect(result.usage.completionTokens >= allocation.probeUsage.completionTokens)
                if allocation.earlyExit {
                    #expect(allocation.plan == nil && result.usage.completionTokens == allocation.probeUsage.completionTokens)
                }
            }
            #expect(auto.contains { $0.allocation?.earlyExit == true }, "easy prompts stop after the probe")
            #expect(auto.contains { ($0.allocation?.pilotsReused ?? 0) > 0 }, "planned searches take over the pilots")
            #expect(Set(auto.compactMap { $0.allocation?.bin }).count >= 3)

            let autoAccuracy = Self.accuracy(auto)
            let fixedAccuracy = Self.accuracy(fixed)
            let ratio = Double(Self.completionTokens(auto)) / Double(Self.completionTokens(fixed))
            #expect(autoAccuracy >= fixedAccuracy - 0.03, "auto \(autoAccuracy) vs particle-filter@16 \(fixedAccuracy)")
            #expect(ratio <= 0.6, "auto spends \(ratio) of particle-filter@16's tokens")

            // Per-batch budget: never exceeded, and better spent than the same total spread evenly.
            let total = Self.completionTokens(auto) / 2
            let batch = try await Self.results(BatchRun.Request(dataset: heldOut, preset: "auto", tokenBudget: total), engine: engine)
            let even = try await Self.results(
                BatchRun.Request(
                    dataset: heldOut, preset: "auto",
                    budget: Budget(maxCompletionTokens: total / heldOut.rows.count, hardTokenLimit: true)),
                engine: engine)
            #expect(Self.completionTokens(batch) <= total)
            #expect(Self.completionTokens(even) <= total)
            #expect(Self.accuracy(batch) > Self.accuracy(even), "batch \(Self.accuracy(batch)) vs even \(Self.accuracy(even))")

            // The oracle is told each problem's level instead of reading the probe.
            let oracle = try await Self.results(BatchRun.Request(dataset: heldOut, preset: "auto", oracleBins: true), engine: engine)
            #expect(oracle.allSatisfy { $0.allocation?.binSource == "known" && $0.allocation?.earlyExit == false })
            let levels = Dictionary(uniqueKeysWithValues: heldOut.rows.map { ($0.id, Int($0.difficulty ?? "") ?? 0) })
            #expect(oracle.allSatisfy { result in (result.allocation?.bin ?? 0) >= 1 && levels[result.problemID] != nil })
            let bins = Dictionary(grouping: oracle, by: { levels[$0.problemID]! }).mapValues { Set($0.compactMap(\.allocation?.bin)) }
            #expect(bins.values.allSatisfy { $0.count == 1 }, "one level, one bin: \(bins)")
        }
    }

    @Test func oracleBinsAreQuantilesOfTheKnownDifficulty() throws {
        let rows = (0..<10).map { DatasetRow(id: "p\($0)", line: $0 + 1, question: "q", answer: "1", difficulty: String($0 / 2 + 1)) }
        let bins = try BatchAllocationState.oracleBins(rows: rows, bins: 5)
        #expect((0..<10).map { bins["p\($0)"]! } == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        let missing = rows.map { var row = $0; row.difficulty = $0.id == "p3" ? "hard" : row.difficulty; return row }
        #expect(throws: RunSetupError.self) { try BatchAllocationState.oracleBins(rows: missing, bins: 5) }
    }

    @Test func resumingWithAnotherTableIsRefused() async throws {
        func table(threshold: Double) -> AllocationTable {
            let cells = [AllocationTable.Cell(tier: 4, preset: "pilots", accuracy: 0.9, tokens: 0)]
            return AllocationTable(
                thresholds: [threshold], tiers: [4],
                bins: [AllocationTable.Bin(index: 1, pilotAccuracy: 0.9, cells: cells), AllocationTable.Bin(index: 2, pilotAccuracy: 0.5, cells: cells)])
        }
        try await RunTestSupport.withEngine { base in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            var request = BatchRun.Request(dataset: RunTestSupport.dataset(count: 2), preset: "auto")
            _ = try await RunTestSupport.execute(request, engine: try Self.engine(base, table: table(threshold: 0.3)), store: store)
            let results = try await store.results()
            #expect(results.count == 2 && results.allSatisfy { $0.allocation?.plan == nil && $0.candidates.count == 4 })
            request.resume = true
            await #expect(throws: RunStoreError.self) {
                try await RunTestSupport.execute(request, engine: try Self.engine(base, table: table(threshold: 0.6)), store: store)
            }
            let again = try await RunTestSupport.execute(request, engine: try Self.engine(base, table: table(threshold: 0.3)), store: store)
            #expect(again.alreadyRecorded == 2)
        }
    }

    @Test func batchOptionsNeedAnAutoPreset() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            let request = BatchRun.Request(dataset: RunTestSupport.dataset(count: 2), preset: "best-of-4", tokenBudget: 1000)
            await #expect(throws: RunSetupError.self) { try await RunTestSupport.execute(request, engine: engine, store: store) }
            #expect(try store.resultCount() == 0)
        }
    }
}
