/// Price per 1,000 tokens, in whatever currency the user budgets in (`max_cost`).
public struct TokenCost: Sendable, Hashable {
    public var promptPer1K: Double
    public var completionPer1K: Double

    public init(promptPer1K: Double = 0, completionPer1K: Double = 0) {
        self.promptPer1K = promptPer1K
        self.completionPer1K = completionPer1K
    }

    /// What a call with this usage costs. Cached prompt tokens are priced as prompt tokens.
    public func cost(of usage: Usage) -> Double {
        guard promptPer1K > 0 || completionPer1K > 0 else { return 0 }
        return (Double(usage.promptTokens) * promptPer1K + Double(usage.completionTokens) * completionPer1K) / 1000
    }
}
