/// The `usage` object of an OpenAI response.
public struct UsageBody: Codable, Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var promptTokensDetails: PromptTokensDetails?

    public struct PromptTokensDetails: Codable, Sendable, Hashable {
        public var cachedTokens: Int?
        public init(cachedTokens: Int?) { self.cachedTokens = cachedTokens }
        enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
    }

    public init(promptTokens: Int, completionTokens: Int, cachedTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = promptTokens + completionTokens
        self.promptTokensDetails = cachedTokens.map { PromptTokensDetails(cachedTokens: $0) }
    }

    public var cachedTokens: Int { promptTokensDetails?.cachedTokens ?? 0 }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        promptTokens = try c.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0
        completionTokens = try c.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0
        totalTokens = try c.decodeIfPresent(Int.self, forKey: .totalTokens) ?? promptTokens + completionTokens
        promptTokensDetails = try? c.decodeIfPresent(PromptTokensDetails.self, forKey: .promptTokensDetails)
    }
}
