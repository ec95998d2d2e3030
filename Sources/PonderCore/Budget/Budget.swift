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

    public init(
        maxTotalTokens: Int? = nil, maxCompletionTokens: Int? = nil, maxCalls: Int? = nil, maxCost: Double? = nil,
        deadlineSeconds: Double? = nil
    ) {
        self.maxTotalTokens = maxTotalTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.maxCalls = maxCalls
        self.maxCost = maxCost
        self.deadlineSeconds = deadlineSeconds
    }

    public static let unlimited = Budget()

    enum CodingKeys: String, CodingKey {
        case maxTotalTokens = "max_tokens_total"
        case maxCompletionTokens = "max_completion_tokens"
        case maxCalls = "max_calls"
        case maxCost = "max_cost"
        case deadlineSeconds = "deadline_seconds"
    }
}

/// Why a search stopped before it was done.
public enum StopReason: String, Sendable, Hashable, Codable, Error {
    case tokens, calls, cost, deadline
}
