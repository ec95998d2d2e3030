import PonderCore
import Testing

@testable import PonderAllocator

/// A consistent three-bin, three-tier table used across the table tests.
enum SampleTable {
    typealias Cell = AllocationTable.Cell
    typealias Bin = AllocationTable.Bin

    static func make() -> AllocationTable {
        AllocationTable(
            binning: .quantile, thresholds: [0.25, 0.625], tiers: [4, 16, 64],
            probe: ProbeSettings(samples: 6, maxTokens: 512, temperature: 0.75),
            model: DifficultyModel(scoreWeight: 0.25),
            earlyExit: .init(agreement: 1, minScore: 0.875, accuracy: 0.96875, rate: 0.3125),
            bins: [
                Bin(
                    index: 1, problems: 12, pilotAccuracy: 0.875,
                    cells: [
                        Cell(tier: 4, preset: "pilots", accuracy: 0.875, tokens: 0),
                        Cell(tier: 16, preset: "pilots", accuracy: 0.875, tokens: 0),
                        Cell(tier: 64, preset: "vote@16", accuracy: 0.9375, tokens: 2048),
                    ]),
                Bin(
                    index: 2, problems: 10, pilotAccuracy: 0.5,
                    cells: [
                        Cell(tier: 4, preset: "vote@4", accuracy: 0.625, tokens: 800),
                        Cell(tier: 16, preset: "vote@16", accuracy: 0.75, tokens: 3200),
                        Cell(tier: 64, preset: "beam@64", accuracy: 0.8125, tokens: 12800),
                    ]),
                Bin(
                    index: 3, problems: 9, pilotAccuracy: 0.125,
                    cells: [
                        Cell(tier: 4, preset: "vote@4", accuracy: 0.25, tokens: 900),
                        Cell(tier: 16, preset: "beam@16", accuracy: 0.375, tokens: 4000),
                        Cell(tier: 64, preset: "beam@64", accuracy: 0.5, tokens: 15000),
                    ]),
            ],
            escalations: [.init(tier: 64, fromTier: 16, below: 0.75, rate: 0.125)],
            source: "unit test table")
    }
}

@Suite struct AllocationTableCodingTests {
    @Test func yamlRoundTripGivesAnEqualTable() throws {
        let table = SampleTable.make()
        #expect(table.inconsistency == nil)
        let text = try table.yaml()
        #expect(text.contains("difficulty_model"))
        #expect(text.contains("early_exit"))
        #expect(text.contains("pilot_accuracy"))
        #expect(text.contains("max_tokens"))
        #expect(text.contains("escalations"))
        let parsed = try AllocationTable.parse(yaml: text, file: "round-trip.yaml")
        #expect(parsed == table)
    }

    @Test func yamlRoundTripKeepsAbsentOptionalFields() throws {
        var table = SampleTable.make()
        table.earlyExit = nil
        table.source = nil
        table.binning = .absolute
        table.bins[1].pilotAccuracy = nil
        table.bins[1].problems = nil
        table.bins[1].cells[0].accuracy = nil
        table.bins[1].cells[0].tokens = nil
        table.escalations = []
        let text = try table.yaml()
        #expect(!text.contains("early_exit"))
        #expect(!text.contains("escalations"))
        let parsed = try AllocationTable.parse(yaml: text, file: "t.yaml")
        #expect(parsed == table)
        #expect(parsed.earlyExit == nil)
        #expect(parsed.bins[1].pilotAccuracy == nil)
    }

    @Test func optionalSectionsTakeTheirDefaults() throws {
        let text = """
            thresholds: [0.5]
            tiers: [8]
            bins:
              - bin: 1
                cells:
                  - tier: 8
                    preset: pilots
              - bin: 2
                cells:
                  - tier: 8
                    preset: vote@8
            """
        let table = try AllocationTable.parse(yaml: text, file: "minimal.yaml")
        #expect(table.binning == .quantile)
        #expect(table.probe == ProbeSettings())
        #expect(table.model == DifficultyModel())
        #expect(table.earlyExit == nil)
        #expect(table.escalations.isEmpty)
        #expect(table.source == nil)
        #expect(table.binCount == 2)
        #expect(table.cell(bin: 2, tier: 8).preset == "vote@8")
    }

    @Test func missingKeyIsNamed() throws {
        let text = """
            thresholds: [0.5]
            bins: []
            """
        let error = try #require(throws: AllocationTableError.self) {
            try AllocationTable.parse(yaml: text, file: "Configs/no-tiers.yaml")
        }
        #expect(error.file == "Configs/no-tiers.yaml")
        #expect(error.message.contains("missing 'tiers'"))
        #expect(error.description.hasPrefix("Configs/no-tiers.yaml: "))
    }

    @Test func missingNestedKeyNamesItsPlace() throws {
        let text = """
            thresholds: []
            tiers: [4]
            bins:
              - bin: 1
                cells:
                  - tier: 4
            """
        let error = try #require(throws: AllocationTableError.self) {
            try AllocationTable.parse(yaml: text, file: "nested.yaml")
        }
        #expect(error.message.contains("missing 'preset'"))
        #expect(error.message.contains("bins"))
        #expect(error.message.contains("cells"))
    }

    @Test func wrongTypeNamesTheField() throws {
        let text = """
            thresholds: [0.5]
            tiers: [four]
            bins: []
            """
        let error = try #require(throws: AllocationTableError.self) {
            try AllocationTable.parse(yaml: text, file: "typed.yaml")
        }
        #expect(error.message.hasPrefix("tiers"))
        #expect(error.description.contains("typed.yaml"))
    }

    @Test func loadReportsAnUnreadableFile() throws {
        let path = "/nonexistent-dir-for-ponder-tests/table.yaml"
        let error = try #require(throws: AllocationTableError.self) { try AllocationTable.load(file: path) }
        #expect(error.file == path)
        #expect(error.message.hasPrefix("cannot read"))
    }

    /// An inconsistent table written as YAML is refused by `parse` with a message naming file and field.
    @Test(arguments: [
        ("bin count", "bins: 2 thresholds make 3 bins, but 2 are given"),
        ("tiers descending", "tiers: must be strictly ascending"),
        ("tiers repeated", "tiers: must be strictly ascending"),
        ("tier zero", "tiers: every tier must be a positive whole number"),
        ("no tiers", "tiers: at least one tier is needed"),
        ("thresholds descending", "thresholds: must be ascending"),
        ("bin index", "bins[1].bin: expected 2, got 3"),
        ("cell tiers", "bins[2].cells: need one cell per tier [4, 16, 64], got tiers [4, 16, 32]"),
        ("missing cell", "bins[0].cells: need one cell per tier [4, 16, 64], got tiers [4, 16]"),
        ("empty preset", "bins[1]: the cell of tier 16 names no preset"),
        ("probe samples", "probe.samples: must be from 1 to 256"),
        ("probe samples high", "probe.samples: must be from 1 to 256"),
        ("probe max tokens", "probe.max_tokens: must be positive"),
        ("probe temperature", "probe.temperature: must be from 0 to 2"),
        ("early exit agreement", "early_exit.agreement: must be from 0 to 1"),
        ("escalation tier", "escalations[0].tier: 32 is not one of the tiers [4, 16, 64]"),
        ("escalation twice", "escalations[1].tier: tier 64 has more than one escalation"),
        ("escalation below", "escalations[0].below: must be a number from 0 up"),
        ("cell tokens", "bins[1]: the cell of tier 16 has tokens that are not a number from 0 up"),
        ("escalation from", "escalations[0].from_tier: must be one of the tiers below 64"),
        ("escalation from missing", "escalations[0].from_tier: must be one of the tiers below 64"),
        ("escalation rate", "escalations[0].rate: must be from 0 to 1"),
    ])
    func inconsistencyIsCaughtAndNamed(problem: String, message: String) throws {
        var table = SampleTable.make()
        switch problem {
        case "bin count": table.bins.removeLast()
        case "tiers descending":
            table.tiers = [64, 16, 4]
        case "tiers repeated": table.tiers = [4, 16, 16]
        case "tier zero": table.tiers = [0, 16, 64]
        case "no tiers": table.tiers = []
        case "thresholds descending": table.thresholds = [0.625, 0.25]
        case "bin index": table.bins[1].index = 3
        case "cell tiers": table.bins[2].cells[2].tier = 32
        case "missing cell": table.bins[0].cells.removeLast()
        case "empty preset": table.bins[1].cells[1].preset = ""
        case "probe samples": table.probe.samples = 0
        case "probe samples high": table.probe.samples = 257
        case "probe max tokens": table.probe.maxTokens = 0
        case "probe temperature": table.probe.temperature = 2.5
        case "early exit agreement": table.earlyExit?.agreement = 1.5
        case "escalation tier": table.escalations[0].tier = 32
        case "escalation twice": table.escalations.append(.init(tier: 64, fromTier: 4, below: 0.5))
        case "escalation below": table.escalations[0].below = -0.5
        case "cell tokens": table.bins[1].cells[1].tokens = -1
        case "escalation from": table.escalations[0].fromTier = 64
        case "escalation from missing": table.escalations[0].fromTier = 8
        case "escalation rate": table.escalations[0].rate = 1.5
        default: Issue.record("unknown case \(problem)")
        }
        #expect(table.inconsistency == message)
        let text = try table.yaml()
        let error = try #require(throws: AllocationTableError.self) {
            try AllocationTable.parse(yaml: text, file: "Configs/allocation-\(problem).yaml")
        }
        #expect(error.description == "Configs/allocation-\(problem).yaml: \(message)")
    }

    @Test func nonFiniteThresholdIsRefused() {
        var table = SampleTable.make()
        table.thresholds = [0.25, .infinity]
        #expect(table.inconsistency == "thresholds: must be finite numbers")
    }

    @Test func boundaryProbeSettingsAreAccepted() {
        var table = SampleTable.make()
        table.probe = ProbeSettings(samples: 1, maxTokens: 1, temperature: 0)
        #expect(table.inconsistency == nil)
        table.probe = ProbeSettings(samples: 256, maxTokens: 1, temperature: 2)
        #expect(table.inconsistency == nil)
        table.earlyExit = .init(agreement: 0)
        #expect(table.inconsistency == nil)
    }
}

@Suite struct AllocationTableLookupTests {
    @Test(arguments: [
        (0.0, 1), (0.2499, 1), (0.25, 1), (0.2501, 2), (0.5, 2), (0.625, 2), (0.6251, 3), (1.0, 3), (-0.1, 1), (1.5, 3),
    ])
    func binOfDifficulty(difficulty: Double, bin: Int) {
        #expect(SampleTable.make().bin(forDifficulty: difficulty) == bin)
    }

    @Test func tableWithoutThresholdsHasOneBin() {
        let table = AllocationTable(
            thresholds: [], tiers: [1], bins: [.init(index: 1, cells: [.init(tier: 1, preset: "pilots")])])
        #expect(table.binCount == 1)
        #expect(table.inconsistency == nil)
        for difficulty in [0.0, 0.5, 1.0] { #expect(table.bin(forDifficulty: difficulty) == 1) }
    }

    @Test(arguments: [
        (4, 4), (5, 4), (15, 4), (16, 16), (63, 16), (64, 64), (1000, 64),
        // Every tier is above the cap: the smallest tier.
        (3, 4), (1, 4), (0, 4),
    ])
    func cellTakesTheLargestTierNotAboveTheCap(cap: Int, tier: Int) {
        let table = SampleTable.make()
        for bin in 1...3 {
            let cell = table.cell(bin: bin, tier: cap)
            #expect(cell.tier == tier)
            #expect(cell == table.bins[bin - 1].cells.first { $0.tier == tier })
        }
    }

    @Test func cellClampsTheBin() {
        let table = SampleTable.make()
        #expect(table.cell(bin: 0, tier: 64) == table.bins[0].cells[2])
        #expect(table.cell(bin: -3, tier: 4) == table.bins[0].cells[0])
        #expect(table.cell(bin: 9, tier: 16).preset == "beam@16")
    }

    @Test func answersFromPilots() {
        let table = SampleTable.make()
        #expect(table.cell(bin: 1, tier: 16).answersFromPilots)
        #expect(!table.cell(bin: 1, tier: 64).answersFromPilots)
        #expect(!table.cell(bin: 2, tier: 4).answersFromPilots)
    }

    @Test(arguments: [
        (2, 100_000.0, 64 as Int?), (2, 12_800.0, 64), (2, 12_799.0, 16), (2, 3_200.0, 16), (2, 3_199.0, 4),
        (2, 800.0, 4), (2, 799.0, nil), (2, 0.0, nil),
        (3, 14_999.0, 16), (3, 899.0, nil),
        // Bin 1's pilot cells cost nothing: they always fit, and the largest that fits wins.
        (1, 0.0, 16), (1, 2_047.0, 16), (1, 2_048.0, 64),
    ])
    func largestTierFittingTokens(bin: Int, tokens: Double, tier: Int?) {
        #expect(SampleTable.make().largestTier(bin: bin, fitting: tokens) == tier)
    }

    @Test func cellsWithoutTokenEstimatesCountAsFree() {
        var table = SampleTable.make()
        table.bins[2].cells[2].tokens = nil
        #expect(table.largestTier(bin: 3, fitting: 0) == 64)
    }

    @Test func aSecondLookPlansTheLowerTiersCellFirstAndTheTiersOwnAfter() throws {
        var table = SampleTable.make()
        // Bin 1: the pilots first (tier 16's cell), vote@16 on a second look.
        let pilotsFirst = table.plannedCells(bin: 1, tier: 64)
        #expect(pilotsFirst.first.preset == "pilots" && pilotsFirst.first.tier == 64 && pilotsFirst.second?.preset == "vote@16")
        // Bin 2 at tier 64: vote@16 first, beam@64 second; at a cap between tiers (32) tier 16, no second look.
        let cells = table.plannedCells(bin: 2, tier: 64)
        #expect(cells.first.preset == "vote@16" && cells.second?.preset == "beam@64" && cells.escalation?.below == 0.75)
        let between = table.plannedCells(bin: 2, tier: 32)
        #expect(between.first.preset == "vote@16" && between.first.tier == 16 && between.second == nil && between.escalation == nil)
        // The budget search looks at the first cell, and never above the cap.
        #expect(table.largestPlannedTier(bin: 2, fitting: 3200) == 64)
        #expect(table.largestTier(bin: 2, fitting: 3200) == 16)
        #expect(table.largestPlannedTier(bin: 2, fitting: 3200, cap: 32) == 16)
        #expect(table.largestPlannedTier(bin: 2, fitting: 800, cap: 64) == 4)
        #expect(table.largestPlannedTier(bin: 2, fitting: 799) == nil)
        // A tier whose own cell is the first one has nothing to look at twice.
        table.bins[2].cells[2].preset = "beam@16"
        #expect(table.plannedCells(bin: 3, tier: 64).second == nil && table.plannedCells(bin: 3, tier: 64).escalation == nil)
    }

    @Test func presetsNamedExcludesPilotsSortedAndUnique() {
        #expect(SampleTable.make().presetsNamed == ["beam@16", "beam@64", "vote@16", "vote@4"])
    }
}

@Suite struct EarlyExitTests {
    func features(agreement: Double, minScore: Double? = nil) -> ProbeFeatures {
        ProbeFeatures(samples: 4, agreement: agreement, entropy: 0, answered: 1, minScore: minScore)
    }

    @Test func withoutScoreFloorOnlyAgreementCounts() {
        let rule = AllocationTable.EarlyExit(agreement: 0.75)
        #expect(rule.fires(on: features(agreement: 1)))
        #expect(rule.fires(on: features(agreement: 0.75)))
        #expect(rule.fires(on: features(agreement: 0.75, minScore: 0.01)))
        #expect(!rule.fires(on: features(agreement: 0.5)))
        #expect(!rule.fires(on: features(agreement: 0.74, minScore: 1)))
    }

    @Test func agreementOfThreeThirdsMeetsUnanimity() {
        // 3 of 3 computed in floating point must still count as unanimous.
        let rule = AllocationTable.EarlyExit(agreement: 1)
        #expect(rule.fires(on: features(agreement: Double(3) / Double(3))))
        #expect(!rule.fires(on: features(agreement: Double(2) / Double(3))))
    }

    @Test func withScoreFloorEveryPilotMustReachIt() {
        let rule = AllocationTable.EarlyExit(agreement: 1, minScore: 0.8)
        #expect(rule.fires(on: features(agreement: 1, minScore: 0.8)))
        #expect(rule.fires(on: features(agreement: 1, minScore: 0.95)))
        #expect(!rule.fires(on: features(agreement: 1, minScore: 0.79)))
        #expect(!rule.fires(on: features(agreement: 0.75, minScore: 0.99)))
        // No verifier scores: a floor cannot be checked, so the rule does not fire.
        #expect(!rule.fires(on: features(agreement: 1, minScore: nil)))
    }
}
