/// Sampling controls shared by chat and text completions.
///
/// Every field is optional; a `nil` field is left out of the JSON so the server applies its own default.
/// llama.cpp applies `top_k=40, min_p=0.05` when they are absent, so callers that need plain sampling
/// set them explicitly.
public struct SamplingParameters: Sendable, Hashable {
    public var n: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var seed: UInt64?
    public var maxTokens: Int?
    public var stop: [String]?
    /// Ask for per-token log probabilities; `topLogprobs` alternatives per position.
    public var logprobs: Bool
    public var topLogprobs: Int?

    public init(
        n: Int? = nil, temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil,
        minP: Double? = nil, seed: UInt64? = nil, maxTokens: Int? = nil, stop: [String]? = nil,
        logprobs: Bool = false, topLogprobs: Int? = nil
    ) {
        self.n = n
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.seed = seed
        self.maxTokens = maxTokens
        self.stop = stop
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
    }
}
