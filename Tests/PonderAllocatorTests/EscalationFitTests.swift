import PonderCore
import Testing

@testable import PonderAllocator

/// Calibration's second look: a tier runs the previous tier's cell first and its own cell only on the
/// answers the first one's candidates are split on, when that is about as accurate for fewer tokens.
@Suite struct EscalationFitTests {
    static let configurations = [
        CalibrationConfiguration(name: "narrow@4", budget: 4), CalibrationConfiguration(name: "wide@16", budget: 16),
    ]

    /// 40 problems in one difficulty band. `narrow@4` costs 400 tokens and is wrong exactly when its
    /// candidates are split (agreement 0.25 on every fifth problem, else 1 or 0.75); `wide@16` costs 1,600
    /// and is always right. When `splitPredictsErrors` is false, the split ones are right and two sure
    /// ones in every ten are wrong instead.
    static func problems(splitPredictsErrors: Bool = true) -> [CalibrationProblem] {
        (0..<40).map { i in
            let split = i % 5 == 0
            let narrowRight = splitPredictsErrors ? !split : (split || i % 5 > 2)
            let outcomes = [
                "narrow@4": CalibrationOutcome(correct: narrowRight, tokens: 400, agreement: split ? 0.25 : (i % 2 == 0 ? 1 : 0.75)),
                "wide@16": CalibrationOutcome(correct: true, tokens: 1600, agreement: 0.9),
            ]
            return CalibrationProblem(
                id: "p\(i)", features: ProbeFeatures(samples: 4, agreement: 0.5, entropy: 1, answered: 1), pilotCorrect: false,
                probeTokens: 100, outcomes: outcomes)
        }
    }

    let options = CalibrationOptions(bins: 1, folds: 2, learnDifficulty: false, escalate: true)

    @Test func aSplitCheapSearchEscalatesToTheWideOne() throws {
        let result = try Calibration.fit(Self.problems(), configurations: Self.configurations, tiers: [4, 16], options: options)
        let table = result.table
        #expect(table.inconsistency == nil)
        let escalation = try #require(table.escalation(tier: 16))
        #expect(escalation.fromTier == 4)
        #expect(escalation.below > 0.25 && escalation.below <= 0.75, "between the split answers and the sure ones: \(escalation.below)")
        #expect(abs((escalation.rate ?? 0) - 0.2) < 1e-9)
        #expect(table.escalation(tier: 4) == nil)
        // A request at tier 16 plans what tier 4 plans; the tier keeps its own cell for batch plans.
        #expect(table.bins[0].cells.map(\.preset) == ["narrow@4", "wide@16"])
        let planned = table.plannedCells(bin: 1, tier: 16)
        #expect(planned.first.preset == "narrow@4" && planned.first.tier == 16)
        #expect(planned.second?.preset == "wide@16" && planned.escalation == escalation)
        #expect(table.plannedCells(bin: 1, tier: 4).first.preset == "narrow@4" && table.plannedCells(bin: 1, tier: 4).second == nil)
        #expect(table.largestPlannedTier(bin: 1, fitting: 500) == 16, "the first search fits; the second look is checked when it is due")
        #expect(table.largestTier(bin: 1, fitting: 500) == 4)
        // Every answer right at 400 + 0.2 × 1,600 tokens, where the tier's own cell (wide@16) costs 1,600.
        let estimate = try #require(result.report.estimates.last)
        #expect(abs(estimate.autoAccuracy - 1) < 1e-9)
        #expect(abs(estimate.autoTokens - (100 + 400 + 0.2 * 1600)) < 1e-6)
        #expect(result.report.markdown.contains("Second look at tier 16"))
        #expect(table.presetsNamed == ["narrow@4", "wide@16"])
    }

    @Test func noEscalationWhenTheSplitDoesNotMarkTheErrorsOrByDefault() throws {
        let blind = try Calibration.fit(
            Self.problems(splitPredictsErrors: false), configurations: Self.configurations, tiers: [4, 16], options: options)
        #expect(blind.table.escalations.isEmpty)
        #expect(blind.table.bins[0].cells.map(\.preset) == ["narrow@4", "wide@16"])

        let off = CalibrationOptions(bins: 1, folds: 2, learnDifficulty: false)
        let plain = try Calibration.fit(Self.problems(), configurations: Self.configurations, tiers: [4, 16], options: off)
        #expect(plain.table.escalations.isEmpty)
        #expect(plain.table.bins[0].cells.map(\.preset) == ["narrow@4", "wide@16"])
    }

    /// When the pilots answer at the lower tier, their agreement is that of the answer their vote chose,
    /// as `auto` reads it, not the largest class's.
    @Test func pilotsEscalateOnTheAgreementOfTheirChosenAnswer() throws {
        let problems = (0..<40).map { i -> CalibrationProblem in
            let split = i % 5 == 0
            return CalibrationProblem(
                id: "p\(i)", features: ProbeFeatures(samples: 4, agreement: 0.75, entropy: 1, answered: 1), pilotCorrect: !split,
                probeTokens: 100, outcomes: ["wide@16": CalibrationOutcome(correct: true, tokens: 1600, agreement: 1)],
                pilotAgreement: split ? 0.25 : 0.75)
        }
        let result = try Calibration.fit(
            problems, configurations: [CalibrationConfiguration(name: "wide@16", budget: 16)], tiers: [4, 16], options: options)
        #expect(result.table.bins[0].cells.map(\.preset) == ["pilots", "wide@16"])
        let escalation = try #require(result.table.escalation(tier: 16))
        #expect(escalation.below > 0.25 && escalation.below <= 0.75)
        #expect(abs((escalation.rate ?? 0) - 0.2) < 1e-9)
    }

    @Test func agreementIsTheShareOfCandidatesBackingTheAnswer() {
        #expect(AnswerAgreement.share(of: "12", among: ["12", "12.0", "7", nil]) == 0.5)
        #expect(AnswerAgreement.share(of: "\\frac{1}{2}", among: ["0.5", "1/2"]) == 1)
        #expect(AnswerAgreement.share(of: nil, among: ["12"]) == 0)
        #expect(AnswerAgreement.share(of: "12", among: []) == 0)
        #expect(AnswerAgreement.share(of: "blue", among: ["blue", "red"]) == 0.5)
    }
}
