/// The body of `POST /v1/chat/completions`.
///
/// Besides OpenAI's fields it carries the extensions that vLLM, SGLang and llama.cpp accept
/// (`top_k`, `min_p`, `continue_final_message`, `add_generation_prompt`); absent fields are not sent.
public struct ChatCompletionRequest: Codable, Sendable {
    public var model: String
    public var messages: [ChatMessage]
    public var n: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var seed: UInt64?
    public var maxTokens: Int?
    /// OpenAI's newer name for `max_tokens`; where both are given the smaller applies.
    public var maxCompletionTokens: Int?
    public var stop: StopSequences?
    public var logprobs: Bool?
    public var topLogprobs: Int?
    public var stream: Bool?
    public var streamOptions: StreamOptions?
    /// vLLM/SGLang: continue the last (assistant) message instead of opening a new turn.
    public var continueFinalMessage: Bool?
    public var addGenerationPrompt: Bool?

    public init(model: String, messages: [ChatMessage], sampling: SamplingParameters = .init(), stream: Bool = false) {
        self.model = model
        self.messages = messages
        self.n = sampling.n
        self.temperature = sampling.temperature
        self.topP = sampling.topP
        self.topK = sampling.topK
        self.minP = sampling.minP
        self.seed = sampling.seed
        self.maxTokens = sampling.maxTokens
        self.stop = sampling.stop.map(StopSequences.init)
        self.logprobs = sampling.logprobs ? true : nil
        self.topLogprobs = sampling.logprobs ? sampling.topLogprobs : nil
        self.stream = stream ? true : nil
        self.streamOptions = stream ? StreamOptions(includeUsage: true) : nil
    }

    /// The sampling controls of this request.
    public var sampling: SamplingParameters {
        SamplingParameters(
            n: n, temperature: temperature, topP: topP, topK: topK, minP: minP, seed: seed,
            maxTokens: completionLimit, stop: stop?.values, logprobs: logprobs ?? false, topLogprobs: topLogprobs)
    }

    /// The completion tokens allowed per choice: `max_completion_tokens` or `max_tokens`, the smaller.
    public var completionLimit: Int? {
        guard let maxCompletionTokens else { return maxTokens }
        return min(maxCompletionTokens, maxTokens ?? maxCompletionTokens)
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, n, temperature, seed, stop, logprobs, stream
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case topLogprobs = "top_logprobs"
        case streamOptions = "stream_options"
        case continueFinalMessage = "continue_final_message"
        case addGenerationPrompt = "add_generation_prompt"
    }
}

/// `stream_options` of a streaming request.
public struct StreamOptions: Codable, Sendable, Hashable {
    public var includeUsage: Bool?
    public init(includeUsage: Bool?) { self.includeUsage = includeUsage }
    enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
}
