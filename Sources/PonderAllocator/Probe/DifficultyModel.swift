import Foundation
import PonderCore

/// Turns probe features into one number: the predicted difficulty, 1 − the predicted chance that a single
/// sample is right.
///
/// Uncalibrated, the chance is read from the pilots' agreement (the share of all pilots in the largest
/// answer class: a prompt the policy gets right usually gets the same answer every time) mixed with their
/// mean verifier score (Snell et al. bin on the mean verifier score alone). `ponder calibrate` replaces the
/// mix with a logistic model fitted to how many pilots were right on each calibration problem, over every
/// feature (agreement, entropy, verifier scores, solution length, truncation), so that whatever predicts
/// difficulty for this policy and verifier is used. Only the order of difficulties matters for quantile
/// bins; absolute bins (Liu et al.) read the number as a pass rate.
public struct DifficultyModel: Sendable, Hashable, Codable {
    /// How much the mean verifier score counts against agreement, in [0, 1] (uncalibrated model).
    public var scoreWeight: Double
    /// The fitted model, when calibrated.
    public var logistic: LogisticDifficulty?

    public init(scoreWeight: Double = 0.5, logistic: LogisticDifficulty? = nil) {
        self.scoreWeight = min(1, max(0, scoreWeight))
        self.logistic = logistic
    }

    public func predictedPassRate(_ features: ProbeFeatures) -> Double {
        if let logistic { return logistic.passRate(features) }
        guard let score = features.meanScore else { return features.agreement }
        return (1 - scoreWeight) * features.agreement + scoreWeight * min(1, max(0, score))
    }

    public func difficulty(_ features: ProbeFeatures) -> Double {
        1 - predictedPassRate(features)
    }

    enum CodingKeys: String, CodingKey {
        case logistic
        case scoreWeight = "score_weight"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            scoreWeight: try c.decodeIfPresent(Double.self, forKey: .scoreWeight) ?? 0.5,
            logistic: try c.decodeIfPresent(LogisticDifficulty.self, forKey: .logistic))
    }
}

/// A logistic model of the single-sample pass rate: σ(intercept + Σ weight × feature). Features without a
/// value (no verifier) take agreement's place, as the fit did for problems without scores.
public struct LogisticDifficulty: Sendable, Hashable, Codable {
    public var intercept: Double
    /// By feature name (see `LogisticDifficulty.featureNames`).
    public var weights: [String: Double]

    public init(intercept: Double, weights: [String: Double]) {
        self.intercept = intercept
        self.weights = weights
    }

    public static let featureNames = ["agreement", "entropy", "mean_score", "min_score", "log_tokens", "truncated"]

    /// The features as the model reads them, in `featureNames` order.
    public static func vector(_ features: ProbeFeatures) -> [Double] {
        [
            features.agreement, features.entropy, features.meanScore ?? features.agreement,
            features.minScore ?? features.agreement, log2(1 + max(0, features.meanTokens)), features.truncated,
        ]
    }

    public func passRate(_ features: ProbeFeatures) -> Double {
        let x = Self.vector(features)
        var z = intercept
        for (index, name) in Self.featureNames.enumerated() { z += (weights[name] ?? 0) * x[index] }
        return 1 / (1 + exp(-z))
    }
}
