/// What a handful of cheap pilot samples say about a prompt's difficulty: the allocator's input.
///
/// Every field is a plain number so that a table calibrated on one run can be applied to another, and
/// so that the run store and the daemon's `ponder` object can show exactly what the decision saw.
public struct ProbeFeatures: Sendable, Hashable, Codable {
    /// Pilots drawn.
    public var samples: Int
    /// The share of pilots in the largest answer class (0 when none gave an answer).
    public var agreement: Double
    /// Shannon entropy of the answer classes, in bits (pilots without an answer form one class of their own).
    public var entropy: Double
    /// The share of pilots that gave an answer at all.
    public var answered: Double
    /// Mean and maximum verifier score over the scored pilots; nil when no verifier was available.
    public var meanScore: Double?
    public var maxScore: Double?
    /// The lowest verifier score among the pilots (the early-exit check uses it).
    public var minScore: Double?
    /// Mean completion tokens per pilot.
    public var meanTokens: Double
    /// The share of pilots cut at the probe's `max_tokens`.
    public var truncated: Double

    public init(
        samples: Int, agreement: Double, entropy: Double, answered: Double, meanScore: Double? = nil,
        maxScore: Double? = nil, minScore: Double? = nil, meanTokens: Double = 0, truncated: Double = 0
    ) {
        self.samples = samples
        self.agreement = agreement
        self.entropy = entropy
        self.answered = answered
        self.meanScore = meanScore
        self.maxScore = maxScore
        self.minScore = minScore
        self.meanTokens = meanTokens
        self.truncated = truncated
    }

    enum CodingKeys: String, CodingKey {
        case samples, agreement, entropy, answered, truncated
        case meanScore = "mean_score"
        case maxScore = "max_score"
        case minScore = "min_score"
        case meanTokens = "mean_tokens"
    }
}
