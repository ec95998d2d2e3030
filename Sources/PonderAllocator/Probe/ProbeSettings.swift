/// How the `auto` strategy's pilots are drawn. A table calibrated with one setting must be used with the
/// same one, so the settings travel with the table.
public struct ProbeSettings: Sendable, Hashable, Codable {
    /// Pilots per prompt (K).
    public var samples: Int
    /// `max_tokens` of each pilot: short, so a long-winded (usually hard) prompt shows up as truncation.
    public var maxTokens: Int
    /// A moderate temperature: diverse enough that disagreement means something.
    public var temperature: Double

    public init(samples: Int = 4, maxTokens: Int = 1024, temperature: Double = 0.8) {
        self.samples = samples
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    enum CodingKeys: String, CodingKey {
        case samples, temperature
        case maxTokens = "max_tokens"
    }
}
