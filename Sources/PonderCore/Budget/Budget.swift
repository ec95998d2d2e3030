/// Limits on what one search may spend. Every field is optional; nil means no limit.
public struct Budget: Sendable, Hashable, Codable {
    /// Prompt plus completion tokens over every policy and scorer call.
    public var maxTotalTokens: Int?
    /// Completion tokens only: generated text, the axis strategies are compared on.
    public var maxCompletionTokens: Int?
    public var maxCalls: Int?
    /// In the currency of the endpoints' `cost_per_1k`.
    public var maxCost: Double?
    /// Wall-clock limit for the whole search, in seconds from its start.
    public var deadlineSeconds: Double?
    /// Never exceed a token limit, not even by the last call: the call that would cross it has its
    /// `max_tokens` cut to what is left (a batch budget that must hold exactly sets this).
    public var hardTokenLimit: Bool

    public init(
        maxTotalTokens: Int? = nil, maxCompletionTokens: Int? = nil, maxCalls: Int? = nil, maxCost: Double? = nil,
        deadlineSeconds: Double? = nil, hardTokenLimit: Bool = false
    ) {
        self.maxTotalTokens = maxTotalTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.maxCalls = maxCalls
        self.maxCost = maxCost
        self.deadlineSeconds = deadlineSeconds
        self.hardTokenLimit = hardTokenLimit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxTotalTokens: try c.decodeIfPresent(Int.self, forKey: .maxTotalTokens),
            maxCompletionTokens: try c.decodeIfPresent(Int.self, forKey: .maxCompletionTokens),
            maxCalls: try c.decodeIfPresent(Int.self, forKey: .maxCalls),
            maxCost: try c.decodeIfPresent(Double.self, forKey: .maxCost),
            deadlineSeconds: try c.decodeIfPresent(Double.self, forKey: .deadlineSeconds),
            hardTokenLimit: try c.decodeIfPresent(Bool.self, forKey: .hardTokenLimit) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(maxTotalTokens, forKey: .maxTotalTokens)
        try c.encodeIfPresent(maxCompletionTokens, forKey: .maxCompletionTokens)
        try c.encodeIfPresent(maxCalls, forKey: .maxCalls)
        try c.encodeIfPresent(maxCost, forKey: .maxCost)
        try c.encodeIfPresent(deadlineSeconds, forKey: .deadlineSeconds)
        if hardTokenLimit { try c.encode(true, forKey: .hardTokenLimit) }
    }

    public static let unlimited = Budget()

    enum CodingKeys: String, CodingKey {
        case maxTotalTokens = "max_tokens_total"
        case maxCompletionTokens = "max_completion_tokens"
        case maxCalls = "max_calls"
        case maxCost = "max_cost"
        case deadlineSeconds = "deadline_seconds"
        case hardTokenLimit = "hard_token_limit"
    }
}

/// Why a search stopped before it was done.
public enum StopReason: String, Sendable, Hashable, Codable, Error {
    case tokens, calls, cost, deadline
}
