import Foundation
import PonderAllocator
import PonderCore
import PonderEngine
import PonderEval
import Testing

/// `ponder calibrate --rounds`, run for real against the sim: every configuration below the top budget
/// also runs on R seeds in a store of its own, and each problem's pooled rounds reach the fit.
@Suite(.serialized) struct CalibrationRoundsRunTests {
    @Test func configurationsBelowTheTopBudgetRunOnEverySeedAndArePooled() async throws {
        try await RunTestSupport.withEngine { engine in
            let folder = NSTemporaryDirectory() + "ponder-calibration-rounds-\(UInt32.random(in: 0...UInt32.max))"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let calibration = CalibrationRuns(
                dataset: RunTestSupport.dataset(count: 20, seed: 33), presets: ["weighted-vote"], budgets: [4, 16], folder: folder,
                concurrency: 8, options: CalibrationOptions(bins: 2, learnDifficulty: false, rounds: 3))
            let gathered = try await calibration.gather(engine: engine)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.contains("weighted-vote@4+seeds3.sqlite"), "\(files)")
            #expect(!files.contains { $0.hasPrefix("weighted-vote@16+seeds") }, "the top budget is never repeated: \(files)")
            let seeded = try await RunStore.open(at: folder + "/weighted-vote@4+seeds3.sqlite").results()
            #expect(seeded.count == 60 && Set(seeded.map(\.seed)) == [0, 1, 2])

            #expect(gathered.problems.count == 20)
            var firmedUp = 0
            for problem in gathered.problems {
                let narrow = try #require(problem.outcomes["weighted-vote@4"])
                let rounds = try #require(narrow.rounds)
                #expect(rounds.count == 3)
                // Round one is the configuration's own run (seed 0 is the same run); tokens add up round by round.
                #expect(rounds[0].correct == narrow.correct && rounds[0].tokens == narrow.tokens)
                #expect(rounds[1].tokens > rounds[0].tokens && rounds[2].tokens > rounds[1].tokens)
                #expect(rounds.allSatisfy { (0...1).contains($0.share) })
                if rounds[2].share > rounds[0].share { firmedUp += 1 }
                #expect(problem.outcomes["weighted-vote@16"]?.rounds == nil)
            }
            #expect(firmedUp > 0, "pooling never made a vote firmer")
            // And the fit takes them: the table it writes is consistent whichever second look it picks.
            let fitted = try Calibration.fit(gathered.problems, configurations: gathered.configurations, tiers: [4, 16], options: gathered.options)
            #expect(fitted.table.inconsistency == nil)
            #expect(fitted.table.escalations.allSatisfy { $0.rounds == 3 && $0.fromTier == 4 })
        }
    }
}
