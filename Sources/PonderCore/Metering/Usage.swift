/// Tokens and calls spent on backend work, summed over every call a piece of work made.
///
/// `uncountedChoices` keeps usage honest when a server reports tokens for only one of the `n` choices it
/// returned (llama.cpp does): those choices' completion tokens are missing from `completionTokens`, and
/// this says how many choices that is, rather than inventing numbers.
public struct Usage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var cachedPromptTokens: Int
    public var calls: Int
    public var uncountedChoices: Int

    public init(
        promptTokens: Int = 0, completionTokens: Int = 0, cachedPromptTokens: Int = 0,
        calls: Int = 0, uncountedChoices: Int = 0
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.calls = calls
        self.uncountedChoices = uncountedChoices
    }

    public static let zero = Usage()

    public var totalTokens: Int { promptTokens + completionTokens }

    /// True when every choice's tokens were reported by the servers.
    public var isComplete: Bool { uncountedChoices == 0 }

    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        Usage(
            promptTokens: lhs.promptTokens + rhs.promptTokens,
            completionTokens: lhs.completionTokens + rhs.completionTokens,
            cachedPromptTokens: lhs.cachedPromptTokens + rhs.cachedPromptTokens,
            calls: lhs.calls + rhs.calls,
            uncountedChoices: lhs.uncountedChoices + rhs.uncountedChoices)
    }

    public static func += (lhs: inout Usage, rhs: Usage) { lhs = lhs + rhs }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cachedPromptTokens = "cached_prompt_tokens"
        case calls
        case uncountedChoices = "uncounted_choices"
    }
}
