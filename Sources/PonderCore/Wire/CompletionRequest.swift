/// The body of `POST /v1/completions` (raw text prompt).
///
/// `logprobs` is an integer here, as in OpenAI's legacy completions API: the number of alternatives
/// per position (0 asks for the chosen token's log probability only).
public struct CompletionRequest: Codable, Sendable {
    public var model: String
    public var prompt: String
    public var n: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var seed: UInt64?
    public var maxTokens: Int?
    public var stop: StopSequences?
    public var logprobs: Int?
    public var stream: Bool?
    public var streamOptions: StreamOptions?

    public init(model: String, prompt: String, sampling: SamplingParameters = .init(), stream: Bool = false) {
        self.model = model
        self.prompt = prompt
        self.n = sampling.n
        self.temperature = sampling.temperature
        self.topP = sampling.topP
        self.topK = sampling.topK
        self.minP = sampling.minP
        self.seed = sampling.seed
        self.maxTokens = sampling.maxTokens
        self.stop = sampling.stop.map(StopSequences.init)
        self.logprobs = sampling.logprobs ? (sampling.topLogprobs ?? 0) : nil
        self.stream = stream ? true : nil
        self.streamOptions = stream ? StreamOptions(includeUsage: true) : nil
    }

    /// The sampling controls of this request.
    public var sampling: SamplingParameters {
        SamplingParameters(
            n: n, temperature: temperature, topP: topP, topK: topK, minP: minP, seed: seed,
            maxTokens: maxTokens, stop: stop?.values, logprobs: logprobs != nil,
            topLogprobs: logprobs.flatMap { $0 > 0 ? $0 : nil })
    }

    enum CodingKeys: String, CodingKey {
        case model, prompt, n, temperature, seed, stop, logprobs, stream
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case maxTokens = "max_tokens"
        case streamOptions = "stream_options"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        if let text = try? c.decode(String.self, forKey: .prompt) {
            prompt = text
        } else {
            let many = try c.decode([String].self, forKey: .prompt)
            guard many.count == 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .prompt, in: c, debugDescription: "only a single prompt per request is supported")
            }
            prompt = many[0]
        }
        n = try c.decodeIfPresent(Int.self, forKey: .n)
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        topK = try c.decodeIfPresent(Int.self, forKey: .topK)
        minP = try c.decodeIfPresent(Double.self, forKey: .minP)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens)
        stop = try c.decodeIfPresent(StopSequences.self, forKey: .stop)
        logprobs = try c.decodeIfPresent(Int.self, forKey: .logprobs)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try c.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
    }
}
