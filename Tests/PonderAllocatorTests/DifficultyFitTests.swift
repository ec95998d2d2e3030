import Foundation
import PonderCore
import Testing

@testable import PonderAllocator

@Suite struct LogisticDifficultyTests {
    func features(agreement: Double, entropy: Double = 0, meanScore: Double? = nil, minScore: Double? = nil) -> ProbeFeatures {
        ProbeFeatures(
            samples: 4, agreement: agreement, entropy: entropy, answered: 1, meanScore: meanScore, minScore: minScore,
            meanTokens: 255, truncated: 0.25)
    }

    @Test func passRateIsTheSigmoidOfTheWeightedFeatures() {
        let model = LogisticDifficulty(intercept: -1, weights: ["agreement": 2, "entropy": -0.5, "log_tokens": 0.125])
        let f = features(agreement: 0.75, entropy: 1)
        // z = −1 + 2·0.75 − 0.5·1 + 0.125·log2(256) = 1
        #expect(abs(model.passRate(f) - 1 / (1 + exp(-1))) < 1e-12)
        #expect(LogisticDifficulty.vector(f) == [0.75, 1, 0.75, 0.75, 8, 0.25])
    }

    @Test func missingScoresTakeAgreementsPlace() {
        let model = LogisticDifficulty(intercept: 0, weights: ["mean_score": 1, "min_score": 1])
        #expect(model.passRate(features(agreement: 0.5)) == model.passRate(features(agreement: 0.5, meanScore: 0.5, minScore: 0.5)))
        #expect(model.passRate(features(agreement: 0.5, meanScore: 0.9, minScore: 0.9)) > model.passRate(features(agreement: 0.5)))
    }

    @Test func aFittedModelReplacesTheMix() {
        let logistic = LogisticDifficulty(intercept: 0, weights: [:])
        let model = DifficultyModel(scoreWeight: 1, logistic: logistic)
        let f = features(agreement: 0.9, meanScore: 0.1)
        #expect(model.predictedPassRate(f) == 0.5)
        #expect(model.difficulty(f) == 0.5)
    }

    @Test func tableWithAFittedModelRoundTrips() throws {
        var table = SampleTable.make()
        table.model = DifficultyModel(
            scoreWeight: 0.25, logistic: LogisticDifficulty(intercept: -0.5, weights: ["agreement": 3.25, "truncated": -1.5]))
        let parsed = try AllocationTable.parse(yaml: table.yaml(), file: "logistic.yaml")
        #expect(parsed == table)
        #expect(parsed.model.logistic?.weights["agreement"] == 3.25)
    }
}

@Suite struct DifficultyFitTests {
    /// Problems whose true single-sample pass rate is `agreement`, with `samples` pilots right in proportion.
    static func observations(count: Int = 40) -> [DifficultyFit.Observation] {
        (0..<count).map { i in
            let agreement = Double(i % 9 + 1) / 10
            let right = Int((agreement * 8).rounded())
            return DifficultyFit.Observation(
                features: ProbeFeatures(
                    samples: 8, agreement: agreement, entropy: 3 * (1 - agreement), answered: 1, meanTokens: 100),
                right: right, trials: 8)
        }
    }

    @Test func tooFewObservationsFitNothing() {
        #expect(DifficultyFit.logistic(Array(Self.observations().prefix(7))) == nil)
        let empty = Self.observations().map { DifficultyFit.Observation(features: $0.features, right: 0, trials: 0) }
        #expect(DifficultyFit.logistic(empty) == nil)
    }

    @Test func fittedPassRateFollowsTheData() throws {
        let observations = Self.observations()
        let fitted = try #require(DifficultyFit.logistic(observations))
        #expect(fitted.intercept.isFinite)
        // Constant features (mean tokens, truncation) carry no weight.
        #expect(fitted.weights["log_tokens"] == nil)
        #expect(fitted.weights["truncated"] == nil)
        let agreements = (1...9).map { Double($0) / 10 }
        let rates = agreements.map {
            fitted.passRate(ProbeFeatures(samples: 8, agreement: $0, entropy: 3 * (1 - $0), answered: 1, meanTokens: 100))
        }
        for (lower, higher) in zip(rates, rates.dropFirst()) { #expect(lower < higher) }
        // Close to the rates the pilots showed.
        for (agreement, rate) in zip(agreements, rates) {
            #expect(abs(rate - (agreement * 8).rounded() / 8) < 0.1, "agreement \(agreement): \(rate)")
        }
    }

    @Test func solveHandlesASmallSystemAndRefusesASingularOne() throws {
        let x = try #require(DifficultyFit.solve([[0, 2], [4, 1]], [2, 9]))
        #expect(abs(x[0] - 2) < 1e-12 && abs(x[1] - 1) < 1e-12)
        #expect(DifficultyFit.solve([[1, 2], [2, 4]], [1, 2]) == nil)
    }

    @Test func calibrationFitsTheModelWhenPilotsAreGraded() throws {
        // Twenty easy and twenty hard problems, the pilots' grades in line with agreement.
        let problems = (0..<40).map { i -> CalibrationProblem in
            let easy = i < 20
            let agreement = easy ? [0.6, 0.7, 0.8, 0.9][i % 4] : [0.05, 0.1, 0.15, 0.2][i % 4]
            return CalibrationProblem(
                id: "graded-\(i)",
                features: ProbeFeatures(samples: 4, agreement: agreement, entropy: 2 * (1 - agreement), answered: 1),
                pilotCorrect: easy, probeTokens: 100,
                outcomes: [
                    "cheap@4": CalibrationOutcome(correct: easy, tokens: 400),
                    "costly@16": CalibrationOutcome(correct: true, tokens: 1600),
                ],
                pilotsRight: easy ? 3 : (i % 5 == 0 ? 1 : 0))
        }
        let configurations = [
            CalibrationConfiguration(name: "cheap@4", budget: 4), CalibrationConfiguration(name: "costly@16", budget: 16),
        ]
        let learned = try Calibration.fit(
            problems, configurations: configurations, tiers: [4, 16], options: CalibrationOptions(bins: 2, folds: 2))
        let model = learned.table.model
        #expect(model.logistic != nil)
        // The fitted model still ranks every easy problem below every hard one, so the bins stay clean.
        let easiestHard = problems[20...].map { model.difficulty($0.features) }.min()!
        let hardestEasy = problems[..<20].map { model.difficulty($0.features) }.max()!
        #expect(hardestEasy < easiestHard)
        #expect(learned.table.bins.map(\.problems) == [20, 20])
        #expect(learned.table.bins[1].cells.map(\.preset) == ["pilots", "costly@16"])

        let fixed = try Calibration.fit(
            problems, configurations: configurations, tiers: [4, 16],
            options: CalibrationOptions(bins: 2, folds: 2, learnDifficulty: false))
        #expect(fixed.table.model.logistic == nil)
    }
}
