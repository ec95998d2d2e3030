import PonderCore
import Testing

@testable import PonderAllocator

/// Synthetic calibration sets. Features carry no mean score, so the default model's predicted difficulty
/// is exactly 1 − agreement.
enum CalibrationSet {
    static let configurations = [
        CalibrationConfiguration(name: "cheap@4", budget: 4), CalibrationConfiguration(name: "costly@16", budget: 16),
    ]

    static func problem(
        _ id: String, agreement: Double, pilot: Bool, cheap: Bool?, costly: Bool?, minScore: Double? = nil
    ) -> CalibrationProblem {
        var outcomes: [String: CalibrationOutcome] = [:]
        if let cheap { outcomes["cheap@4"] = CalibrationOutcome(correct: cheap, tokens: 400) }
        if let costly { outcomes["costly@16"] = CalibrationOutcome(correct: costly, tokens: 1600) }
        return CalibrationProblem(
            id: id,
            features: ProbeFeatures(samples: 4, agreement: agreement, entropy: 0, answered: 1, minScore: minScore),
            pilotCorrect: pilot, probeTokens: 200, outcomes: outcomes)
    }

    /// 20 easy problems (difficulty 0.1–0.4) every configuration gets right, the pilots on all or every
    /// other one; 20 hard ones (difficulty 0.8–0.95) only `costly@16` gets right. No pilots are unanimous.
    static func easyAndHard(pilotsRightOnEveryEasy: Bool = false) -> [CalibrationProblem] {
        let easy = (0..<20).map { i in
            problem(
                "easy-\(i)", agreement: [0.6, 0.7, 0.8, 0.9][i % 4], pilot: pilotsRightOnEveryEasy || i % 2 == 0,
                cheap: true, costly: true)
        }
        let hard = (0..<20).map { i in
            problem("hard-\(i)", agreement: [0.05, 0.1, 0.15, 0.2][i % 4], pilot: false, cheap: false, costly: true)
        }
        return easy + hard
    }

    /// Ten problems on which the pilots are unanimous.
    static func unanimous(pilotsRight: (Int) -> Bool, minScore: (Int) -> Double? = { _ in nil }) -> [CalibrationProblem] {
        (0..<10).map { i in
            problem("sure-\(i)", agreement: 1, pilot: pilotsRight(i), cheap: true, costly: true, minScore: minScore(i))
        }
    }
}

@Suite struct CalibrationFitTests {
    let options = CalibrationOptions(bins: 2, folds: 2, source: "synthetic")

    func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) < 1e-9
    }

    @Test func easyBinsTakeCheapPlansAndTheHardestBinTheCostlyOne() throws {
        let result = try Calibration.fit(
            CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [16, 4, 4],
            options: options)
        let table = result.table
        #expect(table.inconsistency == nil)
        #expect(table.tiers == [4, 16])
        #expect(table.binCount == 2)
        #expect(table.source == "synthetic")
        #expect(table.earlyExit == nil)
        let threshold = try #require(table.thresholds.first)
        #expect(threshold > 0.4 && threshold < 0.8)

        let easy = table.bins[0]
        #expect(easy.problems == 20)
        #expect(close(easy.pilotAccuracy, 0.5))
        #expect(easy.cells.map(\.preset) == ["cheap@4", "cheap@4"])
        #expect(close(easy.cells[0].accuracy, 1))
        #expect(close(easy.cells[0].tokens, 400))

        let hard = table.bins[1]
        #expect(hard.problems == 20)
        #expect(close(hard.pilotAccuracy, 0))
        // The tier-4 cell cannot afford costly@16; nothing within budget 4 helps, so it is the free pilots.
        #expect(hard.cells[0].tier == 4)
        #expect(hard.cells[0].preset == "pilots")
        #expect(close(hard.cells[0].accuracy, 0))
        #expect(close(hard.cells[0].tokens, 0))
        #expect(hard.cells[1] == AllocationTable.Cell(tier: 16, preset: "costly@16", accuracy: 1, tokens: 1600))

        // (Writing the table to YAML and reading it back: see `CalibrationTableFileTests`.)
        #expect(table.presetsNamed == ["cheap@4", "costly@16"])
    }

    @Test func easyBinsAnswerWithThePilotsWhenTheyAreAlwaysRight() throws {
        let result = try Calibration.fit(
            CalibrationSet.easyAndHard(pilotsRightOnEveryEasy: true), configurations: CalibrationSet.configurations,
            tiers: [4, 16], options: options)
        #expect(result.table.bins[0].cells.map(\.preset) == ["pilots", "pilots"])
        #expect(close(result.table.bins[0].cells[1].accuracy, 1))
        #expect(result.table.bins[1].cells.map(\.preset) == ["pilots", "costly@16"])
    }

    @Test func reportEstimatesPerTier() throws {
        let report = try Calibration.fit(
            CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: options
        ).report
        #expect(report.problems == 40)
        #expect(report.skipped == 0)
        #expect(report.exits == 0)
        #expect(report.folds == 2)
        #expect(close(report.probeTokens, 200))
        #expect(report.estimates.map(\.tier) == [4, 16])
        let low = report.estimates[0]
        #expect(close(low.autoAccuracy, 0.5))
        #expect(close(low.autoTokens, 200 + 400 * 20 / 40))
        #expect(low.bestFixed == "cheap@4")
        #expect(close(low.bestFixedAccuracy, 0.5))
        let high = report.estimates[1]
        #expect(close(high.autoAccuracy, 1))
        #expect(close(high.autoTokens, 200 + (400.0 * 20 + 1600 * 20) / 40))
        #expect(high.bestFixed == "costly@16")
        #expect(close(high.bestFixedTokens, 1600))
    }

    @Test func quantileThresholdsSplitTheDifficultiesEvenly() throws {
        let problems = (0..<30).map { i in
            CalibrationSet.problem("q-\(i)", agreement: Double(i) / 30, pilot: i % 3 == 0, cheap: true, costly: true)
        }
        let result = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 3, folds: 2))
        #expect(result.table.thresholds.count == 2)
        #expect(result.table.bins.map(\.problems) == [10, 10, 10])
        #expect(result.table.bins.map(\.index) == [1, 2, 3])
    }

    @Test func quantileThresholdsInterpolate() throws {
        let options = CalibrationOptions(bins: 4)
        #expect(try Calibration.thresholds([4, 0, 2, 1, 3], bins: 4, options: options) == [1, 2, 3])
        #expect(try Calibration.thresholds([0, 1], bins: 2, options: options) == [0.5])
        #expect(try Calibration.thresholds([0.3, 0.3, 0.3], bins: 3, options: options) == [0.3, 0.3])
    }

    @Test func absoluteBinningUsesOneMinusThePassRates() throws {
        let result = try Calibration.fit(
            CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 7, folds: 2, binning: .absolute, passThresholds: [0.5, 0.1]))
        let table = result.table
        #expect(table.binning == .absolute)
        #expect(table.thresholds.count == 2)
        #expect(close(table.thresholds[0], 0.5))
        #expect(close(table.thresholds[1], 0.9))
        #expect(table.bins.count == 3)
        // Easy (≤ 0.4) in bin 1; hard at 0.8–0.9 in bin 2; the 0.95 ones in bin 3.
        #expect(table.bins.map(\.problems) == [20, 15, 5])
    }

    @Test func anEmptyBinTakesTheNearestBinsCells() throws {
        let result = try Calibration.fit(
            CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(folds: 2, binning: .absolute, passThresholds: [0.5, 0.01]))
        let bins = result.table.bins
        #expect(bins.map(\.problems) == [20, 20, 0])
        #expect(bins[2].index == 3)
        #expect(bins[2].cells == bins[1].cells)
        #expect(bins[2].pilotAccuracy == bins[1].pilotAccuracy)
        #expect(result.table.inconsistency == nil)
    }

    @Test(arguments: [[0.1, 0.5], [0.5, 0.5], [1.5, 0.1], [0.5, -0.1]])
    func badPassThresholdsAreRefused(rates: [Double]) {
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(
                CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [4, 16],
                options: CalibrationOptions(binning: .absolute, passThresholds: rates))
        }
    }
}

@Suite struct CalibrationEarlyExitTests {
    let options = CalibrationOptions(bins: 2, folds: 2)

    @Test func unanimousPilotsThatAreAlwaysRightExitEarly() throws {
        let problems = CalibrationSet.easyAndHard() + CalibrationSet.unanimous(pilotsRight: { _ in true })
        let result = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16], options: options)
        let exit = try #require(result.table.earlyExit)
        #expect(exit.agreement == 1)
        #expect(exit.minScore == nil)
        #expect(exit.accuracy == 1)
        #expect(exit.rate == 0.2)
        #expect(result.report.exits == 10)
        // The problems that exit never reach a cell.
        #expect(result.table.bins.map { $0.problems ?? 0 }.reduce(0, +) == 40)
        #expect(result.report.markdown.contains("Early exit (pilots unanimous): 10 problems (20.0%)"))
        // The exits count as right in the estimate: the hard half costs accuracy at tier 4 only.
        #expect(abs(result.report.estimates[0].autoAccuracy - 30.0 / 50) < 1e-9)
        #expect(abs(result.report.estimates[1].autoAccuracy - 1) < 1e-9)
    }

    @Test func unanimousPilotsThatAreOftenWrongDoNotExit() throws {
        let problems = CalibrationSet.easyAndHard() + CalibrationSet.unanimous(pilotsRight: { $0 % 2 == 0 })
        let result = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16], options: options)
        #expect(result.table.earlyExit == nil)
        #expect(result.report.exits == 0)
        #expect(result.table.bins.map { $0.problems ?? 0 }.reduce(0, +) == 50)
        #expect(result.report.markdown.contains("Early exit: off"))
    }

    @Test func aVerifierFloorRescuesTheEarlyExit() throws {
        // Unanimous and confidently scored: right. Unanimous but scored 0.55: wrong, while costly@16 is right.
        let problems =
            CalibrationSet.easyAndHard()
            + CalibrationSet.unanimous(pilotsRight: { $0 < 5 }, minScore: { $0 < 5 ? 0.95 : 0.55 })
        let result = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16], options: options)
        let exit = try #require(result.table.earlyExit)
        // The most permissive floor that leaves the 0.55s out.
        #expect(exit.minScore == 0.6)
        #expect(exit.accuracy == 1)
        #expect(exit.rate == 0.1)
        #expect(result.report.exits == 5)
        #expect(result.report.markdown.contains("every verifier score ≥ 0.6"))
    }

    @Test func earlyExitToleranceAllowsASmallLoss() throws {
        let problems = CalibrationSet.easyAndHard() + CalibrationSet.unanimous(pilotsRight: { $0 != 0 })
        let strict = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16], options: options)
        #expect(strict.table.earlyExit == nil)
        let lenient = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 2, folds: 2, earlyExitTolerance: 0.1))
        let exit = try #require(lenient.table.earlyExit)
        #expect(abs((exit.accuracy ?? 0) - 0.9) < 1e-9)
    }
}

@Suite struct CalibrationInputTests {
    @Test func tooFewProblemsThrow() {
        let problems = Array(CalibrationSet.easyAndHard().prefix(3))
        let error = #expect(throws: CalibrationError.self) {
            try Calibration.fit(
                problems, configurations: CalibrationSet.configurations, tiers: [4, 16],
                options: CalibrationOptions(bins: 2, folds: 2))
        }
        #expect(error?.description.contains("3 problems") == true)
        #expect(error?.description.contains("at least 4") == true)
    }

    @Test func badOptionsThrow() {
        let problems = CalibrationSet.easyAndHard()
        let configurations = CalibrationSet.configurations
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(problems, configurations: configurations, tiers: [], options: .init())
        }
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(problems, configurations: configurations, tiers: [0, 4], options: .init())
        }
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(problems, configurations: [], tiers: [4], options: .init())
        }
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(problems, configurations: configurations, tiers: [4], options: .init(folds: 1))
        }
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(problems, configurations: configurations, tiers: [4], options: .init(bins: 0))
        }
    }

    @Test func problemsMissingAnOutcomeAreSkippedAndCounted() throws {
        let incomplete = [
            CalibrationSet.problem("gap-0", agreement: 0.5, pilot: true, cheap: true, costly: nil),
            CalibrationSet.problem("gap-1", agreement: 0.5, pilot: true, cheap: nil, costly: true),
            CalibrationSet.problem("gap-2", agreement: 0.5, pilot: true, cheap: nil, costly: nil),
        ]
        let result = try Calibration.fit(
            CalibrationSet.easyAndHard() + incomplete, configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 2, folds: 2))
        #expect(result.report.skipped == 3)
        #expect(result.report.problems == 40)
        #expect(result.table.bins.map { $0.problems ?? 0 }.reduce(0, +) == 40)
        #expect(result.report.markdown.contains("Calibrated on 40 problems (3 skipped: missing results)"))
    }

    @Test func skippingCanLeaveTooFew() {
        let problems = (0..<10).map { CalibrationSet.problem("s-\($0)", agreement: 0.5, pilot: true, cheap: true, costly: nil) }
        #expect(throws: CalibrationError.self) {
            try Calibration.fit(
                problems, configurations: CalibrationSet.configurations, tiers: [4], options: CalibrationOptions(bins: 1))
        }
    }

    @Test func markdownShowsEveryBinAndTier() throws {
        let report = try Calibration.fit(
            CalibrationSet.easyAndHard(), configurations: CalibrationSet.configurations, tiers: [4, 16, 64],
            options: CalibrationOptions(bins: 4, folds: 2)
        ).report
        let markdown = report.markdown
        let lines = markdown.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Allocation table")
        #expect(markdown.contains("4 quantile bins, 2-fold cross-validation"))
        #expect(markdown.contains("| bin | difficulty up to | problems | pilots right | tier 4 | tier 16 | tier 64 |"))
        for bin in 1...4 {
            #expect(lines.contains { $0.hasPrefix("| \(bin) | ") }, "bin \(bin) missing")
        }
        let binRows = lines.filter { $0.hasPrefix("| ") && $0.contains(" tok)") }
        #expect(binRows.count == 4)
        for row in binRows {
            // One cell per tier.
            #expect(row.components(separatedBy: " tok)").count - 1 == 3)
        }
        for tier in [4, 16, 64] {
            let estimate = lines.contains { $0.hasPrefix("| \(tier) | ") && !$0.contains(" tok)") && $0.contains("%") }
            #expect(estimate, "tier \(tier) estimate missing")
        }
        #expect(markdown.contains("costly@16 (100.0%, 1600 tok)"))
    }
}

@Suite struct CalibrationCrossValidationTests {
    /// 20 problems in one bin; `lucky@4` is right on exactly the problems of fold 0, the pilots never.
    static func problems(seed: UInt64) -> (problems: [CalibrationProblem], inFold0: Int) {
        var inFold0 = 0
        let problems = (0..<20).map { i -> CalibrationProblem in
            let id = "cv-\(i)"
            let lucky = Calibration.fold(of: id, folds: 2, seed: seed) == 0
            if lucky { inFold0 += 1 }
            return CalibrationProblem(
                id: id, features: ProbeFeatures(samples: 4, agreement: 0.5, entropy: 1, answered: 1), pilotCorrect: false,
                probeTokens: 100, outcomes: ["lucky@4": CalibrationOutcome(correct: lucky, tokens: 100)])
        }
        return (problems, inFold0)
    }

    /// With pooling, the prior is taken from the training folds only: were the held-out fold in it, the
    /// pick trained on fold 1 would lean toward lucky@4 and score on fold 0.
    @Test(arguments: [0 as UInt64, 1, 42], [0.0, 10])
    func cellAccuracyIsOutOfSample(seed: UInt64, pooling: Double) throws {
        let (problems, inFold0) = Self.problems(seed: seed)
        try #require(inFold0 > 0 && inFold0 < 20, "both folds need problems")
        let result = try Calibration.fit(
            problems, configurations: [CalibrationConfiguration(name: "lucky@4", budget: 4)], tiers: [4],
            options: CalibrationOptions(bins: 1, folds: 2, pooling: pooling, seed: seed))
        let cell = result.table.bins[0].cells[0]
        // On all problems lucky@4 beats the pilots, so it is the cell's plan…
        #expect(cell.preset == "lucky@4")
        let inSample = Double(inFold0) / 20
        // …but trained on one fold it is useless on the other, and the other fold's pick fails there too.
        #expect(cell.accuracy == 0)
        #expect((cell.accuracy ?? 1) < inSample)
        #expect(result.report.estimates[0].autoAccuracy == 0)
        #expect(abs(result.report.estimates[0].bestFixedAccuracy - inSample) < 1e-9)
    }

    /// Bin 2 alone prefers a@4 (12 of 20 against 10), but over all problems b@4 is far better (30 of 40
    /// against 12): with enough pooling the bin follows the overall picture.
    @Test func poolingPullsABinTowardWhatIsGoodOverall() throws {
        func problem(_ id: String, agreement: Double, a: Bool, b: Bool) -> CalibrationProblem {
            CalibrationProblem(
                id: id, features: ProbeFeatures(samples: 4, agreement: agreement, entropy: 1, answered: 1),
                pilotCorrect: false, probeTokens: 100,
                outcomes: ["a@4": CalibrationOutcome(correct: a, tokens: 100), "b@4": CalibrationOutcome(correct: b, tokens: 200)])
        }
        let problems =
            (0..<20).map { problem("pool-easy-\($0)", agreement: 0.8, a: false, b: true) }
            + (0..<20).map { problem("pool-hard-\($0)", agreement: 0.2, a: $0 < 12, b: $0 >= 10) }
        let configurations = [
            CalibrationConfiguration(name: "a@4", budget: 4), CalibrationConfiguration(name: "b@4", budget: 4),
        ]
        let separate = try Calibration.fit(
            problems, configurations: configurations, tiers: [4], options: CalibrationOptions(bins: 2, folds: 2))
        #expect(separate.table.bins.map { $0.cells[0].preset } == ["b@4", "a@4"])
        let pooled = try Calibration.fit(
            problems, configurations: configurations, tiers: [4], options: CalibrationOptions(bins: 2, folds: 2, pooling: 40))
        #expect(pooled.table.bins.map { $0.cells[0].preset } == ["b@4", "b@4"])
    }

    @Test func foldsAreStableAndSeeded() {
        let ids = (0..<200).map { "problem-\($0)" }
        let first = ids.map { Calibration.fold(of: $0, folds: 5, seed: 3) }
        #expect(first == ids.map { Calibration.fold(of: $0, folds: 5, seed: 3) })
        #expect(first.allSatisfy { (0..<5).contains($0) })
        #expect(Set(first).count == 5)
        #expect(first != ids.map { Calibration.fold(of: $0, folds: 5, seed: 4) })
    }

    @Test func aConsistentConfigurationKeepsItsAccuracyOutOfSample() throws {
        let problems = (0..<20).map { i in
            CalibrationProblem(
                id: "ok-\(i)", features: ProbeFeatures(samples: 4, agreement: 0.5, entropy: 1, answered: 1),
                pilotCorrect: false, probeTokens: 100, outcomes: ["steady@4": CalibrationOutcome(correct: true, tokens: 100)])
        }
        let result = try Calibration.fit(
            problems, configurations: [CalibrationConfiguration(name: "steady@4", budget: 4)], tiers: [4],
            options: CalibrationOptions(bins: 1, folds: 2))
        #expect(result.table.bins[0].cells[0] == AllocationTable.Cell(tier: 4, preset: "steady@4", accuracy: 1, tokens: 100))
    }
}

@Suite struct CalibrationTableFileTests {
    // YAML keeps 15 significant digits, and a quantile threshold often lands exactly on a tie of predicted
    // difficulties (1 − 0.7 = 0.30000000000000004 is written as 0.3): read back, the table must still put
    // those prompts in the bin calibration put them in.
    @Test func aWrittenTableBinsPromptsAsCalibrationDid() throws {
        let problems = (0..<30).map { i in
            CalibrationSet.problem(
                "tie-\(i)", agreement: [0.9, 0.7, 0.3][i % 3], pilot: i % 3 != 2, cheap: true, costly: true)
        }
        let table = try Calibration.fit(
            problems, configurations: CalibrationSet.configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 2, folds: 2)
        ).table
        let tie = DifficultyModel().difficulty(problems[1].features)
        #expect(table.thresholds == [tie])
        #expect(table.bin(forDifficulty: tie) == 1)
        #expect(table.bins.map(\.problems) == [20, 10])

        let read = try AllocationTable.parse(yaml: table.yaml(), file: "Configs/allocation-test.yaml")
        #expect(read.bin(forDifficulty: read.model.difficulty(problems[1].features)) == 1)
        #expect(zip(read.thresholds, table.thresholds).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(read.bins == table.bins && read.tiers == table.tiers)
    }
}
