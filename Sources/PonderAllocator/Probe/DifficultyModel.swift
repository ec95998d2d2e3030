import PonderCore

/// Turns probe features into one number: the predicted difficulty, 1 − the predicted chance that a single
/// sample is right.
///
/// The chance is read from the pilots' agreement (the share of all pilots in the largest answer class:
/// a prompt the policy gets right usually gets the same answer every time) and, when a verifier scored
/// them, their mean verifier score (Snell et al. bin on the mean verifier score alone). The two are
/// mixed with `scoreWeight`. Only the order of difficulties matters for quantile bins; absolute bins
/// (Liu et al.) read the number as a pass rate.
public struct DifficultyModel: Sendable, Hashable, Codable {
    /// How much the mean verifier score counts against agreement, in [0, 1].
    public var scoreWeight: Double

    public init(scoreWeight: Double = 0.5) {
        self.scoreWeight = min(1, max(0, scoreWeight))
    }

    public func predictedPassRate(_ features: ProbeFeatures) -> Double {
        guard let score = features.meanScore else { return features.agreement }
        return (1 - scoreWeight) * features.agreement + scoreWeight * min(1, max(0, score))
    }

    public func difficulty(_ features: ProbeFeatures) -> Double {
        1 - predictedPassRate(features)
    }

    enum CodingKeys: String, CodingKey {
        case scoreWeight = "score_weight"
    }
}
