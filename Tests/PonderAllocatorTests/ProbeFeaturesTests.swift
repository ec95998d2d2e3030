import Foundation
import PonderAllocator
import PonderCore
import Testing

/// Hand-made pilots for the feature tests.
enum Pilots {
    static func answering(_ answer: String) -> Continuation {
        Continuation(text: "Let us work it out.\n\nThe answer is \(answer).", finishReason: "stop")
    }

    static func boxed(_ answer: String) -> Continuation {
        Continuation(text: "Some reasoning.\n\nSo we get $\\boxed{\(answer)}$", finishReason: "stop")
    }

    /// A finished pilot that says nothing an answer can be read from (no digits, no answer phrase).
    static let unanswered = Continuation(text: "I am not sure how to approach this problem.", finishReason: "stop")

    /// Cut at max_tokens after an intermediate number: not an answer.
    static let truncated = Continuation(text: "First compute three plus four, which is 7, then", finishReason: "length")
}

@Suite struct ProbeFeaturesMeasureTests {
    func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func agreementIsTheLargestClassOverAllPilots() {
        let pilots = [Pilots.answering("42"), Pilots.boxed("42"), Pilots.answering("42"), Pilots.answering("7")]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [nil, nil, nil, nil], completionTokens: 1000)
        #expect(features.samples == 4)
        #expect(features.agreement == 0.75)
        #expect(features.answered == 1)
        // -(3/4·log2(3/4) + 1/4·log2(1/4))
        #expect(close(features.entropy, 0.811_278_124_459_132_8))
        #expect(features.truncated == 0)
        #expect(features.meanTokens == 250)
        #expect(features.meanScore == nil && features.maxScore == nil && features.minScore == nil)
    }

    @Test func unanimousPilotsHaveZeroEntropy() {
        let pilots = Array(repeating: Pilots.boxed("12"), count: 5)
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 512)
        #expect(features.agreement == 1)
        #expect(features.entropy == 0)
        #expect(features.answered == 1)
        #expect(close(features.meanTokens, 102.4))
    }

    @Test func equivalentAnswersFormOneClass() {
        let pilots = [
            Pilots.answering("0.5"), Pilots.boxed("\\frac{1}{2}"), Pilots.boxed("1/2"), Pilots.answering("0.25"),
        ]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 0)
        #expect(features.agreement == 0.75)
        #expect(close(features.entropy, 0.811_278_124_459_132_8))
    }

    @Test func allDifferentAnswersGiveTheMaximumEntropy() {
        let pilots = ["1", "2", "3", "4"].map(Pilots.answering)
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 40)
        #expect(features.agreement == 0.25)
        #expect(close(features.entropy, 2))
    }

    @Test func unansweredPilotsFormAClassOfTheirOwnButNeverTheAgreement() {
        // Two unanswered, one 42, one 7: the unanswered are the largest group but not an answer class.
        let pilots = [Pilots.unanswered, Pilots.answering("42"), Pilots.unanswered, Pilots.answering("7")]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 100)
        #expect(features.agreement == 0.25)
        #expect(features.answered == 0.5)
        // Classes {unanswered: 2, 42: 1, 7: 1}: 1/2·1 + 1/4·2 + 1/4·2 = 1.5 bits.
        #expect(close(features.entropy, 1.5))
    }

    @Test func onlyUnansweredPilots() {
        let features = ProbeFeatures.measure(
            pilots: [Pilots.unanswered, Pilots.unanswered, Pilots.truncated], scores: [], completionTokens: 300)
        #expect(features.agreement == 0)
        #expect(features.answered == 0)
        // One class of their own holding everything.
        #expect(features.entropy == 0)
        #expect(close(features.truncated, 1.0 / 3))
    }

    @Test func truncatedShareAndTruncatedAnswers() {
        // A truncated pilot's trailing number is not an answer, but an explicit answer phrase before the cut is.
        let cutAfterAnswer = Continuation(text: "The answer is 42. Let me double check by", finishReason: "length")
        let pilots = [Pilots.answering("42"), Pilots.truncated, cutAfterAnswer, Pilots.answering("42")]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 4096)
        #expect(features.truncated == 0.5)
        #expect(features.answered == 0.75)
        #expect(features.agreement == 0.75)
        #expect(features.meanTokens == 1024)
        // {42: 3, unanswered: 1}
        #expect(close(features.entropy, 0.811_278_124_459_132_8))
    }

    @Test func stopAndNilFinishReasonsAreNotTruncated() {
        let pilots = [
            Continuation(text: "The answer is 3.", finishReason: nil),
            Continuation(text: "The answer is 3.", finishReason: "stop"),
            Continuation(text: "The answer is 3.", finishReason: "length"),
        ]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [], completionTokens: 30)
        #expect(close(features.truncated, 1.0 / 3))
        #expect(features.agreement == 1)
    }

    @Test func scoresComeFromTheScoredPilotsOnly() {
        let pilots = Array(repeating: Pilots.answering("5"), count: 4)
        let features = ProbeFeatures.measure(pilots: pilots, scores: [0.2, nil, 0.8, 0.5], completionTokens: 8)
        #expect(close(features.meanScore, 0.5))
        #expect(features.maxScore == 0.8)
        #expect(features.minScore == 0.2)
        #expect(features.meanTokens == 2)
    }

    @Test func noScoresGiveNoScoreFeatures() {
        let pilots = [Pilots.answering("5"), Pilots.answering("6")]
        let features = ProbeFeatures.measure(pilots: pilots, scores: [nil, nil], completionTokens: 8)
        #expect(features.meanScore == nil)
        #expect(features.maxScore == nil)
        #expect(features.minScore == nil)
    }

    @Test func zeroPilots() {
        let features = ProbeFeatures.measure(pilots: [], scores: [], completionTokens: 0)
        #expect(features.samples == 0)
        #expect(features.agreement == 0)
        #expect(features.entropy == 0)
        #expect(features.answered == 0)
        #expect(features.meanScore == nil)
        #expect(features.meanTokens == 0)
        #expect(features.truncated == 0)
        #expect(features.agreement.isFinite && features.meanTokens.isFinite)
    }

    @Test func featuresEncodeWithSnakeCaseKeys() throws {
        let features = ProbeFeatures(
            samples: 4, agreement: 0.5, entropy: 1, answered: 1, meanScore: 0.5, maxScore: 0.75, minScore: 0.25,
            meanTokens: 100, truncated: 0.25)
        let data = try JSONEncoder().encode(features)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["mean_score", "max_score", "min_score", "mean_tokens", "truncated", "agreement"] {
            #expect(text.contains("\"\(key)\""))
        }
        #expect(try JSONDecoder().decode(ProbeFeatures.self, from: data) == features)
    }
}

@Suite struct DifficultyModelTests {
    func features(agreement: Double, meanScore: Double? = nil) -> ProbeFeatures {
        ProbeFeatures(samples: 4, agreement: agreement, entropy: 0, answered: 1, meanScore: meanScore)
    }

    @Test func withoutScoresDifficultyIsOneMinusAgreement() {
        for weight in [0.0, 0.5, 1.0] {
            let model = DifficultyModel(scoreWeight: weight)
            #expect(model.predictedPassRate(features(agreement: 0.75)) == 0.75)
            #expect(model.difficulty(features(agreement: 0.75)) == 0.25)
            #expect(model.difficulty(features(agreement: 0)) == 1)
        }
    }

    @Test func scoresAreMixedByWeight() {
        let f = features(agreement: 0.8, meanScore: 0.4)
        #expect(abs(DifficultyModel().predictedPassRate(f) - 0.6) < 1e-12)
        #expect(abs(DifficultyModel(scoreWeight: 0.25).predictedPassRate(f) - 0.7) < 1e-12)
        #expect(abs(DifficultyModel(scoreWeight: 0.25).difficulty(f) - 0.3) < 1e-12)
        #expect(DifficultyModel(scoreWeight: 0).predictedPassRate(f) == 0.8)
        #expect(DifficultyModel(scoreWeight: 1).predictedPassRate(f) == 0.4)
    }

    @Test func weightIsClampedToTheUnitInterval() {
        #expect(DifficultyModel().scoreWeight == 0.5)
        #expect(DifficultyModel(scoreWeight: 3).scoreWeight == 1)
        #expect(DifficultyModel(scoreWeight: -2).scoreWeight == 0)
        let f = features(agreement: 0.8, meanScore: 0.4)
        #expect(DifficultyModel(scoreWeight: 3).predictedPassRate(f) == 0.4)
        #expect(DifficultyModel(scoreWeight: -2).predictedPassRate(f) == 0.8)
    }

    @Test func scoreIsClampedToTheUnitInterval() {
        let model = DifficultyModel(scoreWeight: 1)
        #expect(model.predictedPassRate(features(agreement: 0.5, meanScore: 1.7)) == 1)
        #expect(model.predictedPassRate(features(agreement: 0.5, meanScore: -0.3)) == 0)
    }

    @Test func difficultyIsMonotoneInAgreementAndScore() {
        let model = DifficultyModel()
        let agreements = stride(from: 0.0, through: 1.0, by: 0.125).map { $0 }
        for (lower, higher) in zip(agreements, agreements.dropFirst()) {
            #expect(model.difficulty(features(agreement: higher, meanScore: 0.5)) < model.difficulty(features(agreement: lower, meanScore: 0.5)))
            #expect(model.difficulty(features(agreement: 0.5, meanScore: higher)) < model.difficulty(features(agreement: 0.5, meanScore: lower)))
        }
    }
}

@Suite struct DifficultyModelDecodingTests {
    /// A table file is edited by hand: an out-of-range weight read from it is clamped like one given to
    /// `init(scoreWeight:)` (or refused), so predicted pass rates stay in [0, 1].
    @Test func decodedScoreWeightIsClampedOrRefused() throws {
        let text = """
            thresholds: []
            tiers: [4]
            difficulty_model:
              score_weight: 2
            bins:
              - bin: 1
                cells:
                  - tier: 4
                    preset: pilots
            """
        let table: AllocationTable
        do {
            table = try AllocationTable.parse(yaml: text, file: "weight.yaml")
        } catch let error as AllocationTableError {
            #expect(error.message.contains("score_weight"))
            return
        }
        #expect((0...1).contains(table.model.scoreWeight), "score_weight \(table.model.scoreWeight) accepted unclamped")
        let features = ProbeFeatures(samples: 4, agreement: 0.9, entropy: 0, answered: 1, meanScore: 0.3)
        let passRate = table.model.predictedPassRate(features)
        #expect((0...1).contains(passRate), "predicted pass rate \(passRate) outside [0, 1]")
    }
}
