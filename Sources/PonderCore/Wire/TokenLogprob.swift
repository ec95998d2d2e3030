/// The log probability of one generated token, with the most likely alternatives at that position.
public struct TokenLogprob: Sendable, Hashable, Codable {
    public var token: String
    public var logprob: Double
    public var topLogprobs: [Alternative]

    public struct Alternative: Sendable, Hashable, Codable {
        public var token: String
        public var logprob: Double
        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }
    }

    public init(token: String, logprob: Double, topLogprobs: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.topLogprobs = topLogprobs
    }

    enum CodingKeys: String, CodingKey {
        case token, logprob
        case topLogprobs = "top_logprobs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        token = try c.decode(String.self, forKey: .token)
        logprob = try c.decode(Double.self, forKey: .logprob)
        topLogprobs = try c.decodeIfPresent([Alternative].self, forKey: .topLogprobs) ?? []
    }
}

/// Per-token log probabilities in either wire format servers use.
///
/// OpenAI chat: `{"content": [{"token", "logprob", "top_logprobs": [...]}]}`.
/// OpenAI legacy completions: `{"tokens": [...], "token_logprobs": [...], "top_logprobs": [{tok: lp}]}`.
/// llama.cpp answers in the chat format even on `/v1/completions`, so both shapes are read everywhere;
/// this type encodes the chat shape.
public struct LogprobsPayload: Sendable, Hashable, Codable {
    public var tokens: [TokenLogprob]

    public init(tokens: [TokenLogprob]) { self.tokens = tokens }

    private enum CodingKeys: String, CodingKey {
        case content, tokens
        case tokenLogprobs = "token_logprobs"
        case topLogprobs = "top_logprobs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let content = try c.decodeIfPresent([TokenLogprob].self, forKey: .content) {
            tokens = content
            return
        }
        let texts = try c.decodeIfPresent([String].self, forKey: .tokens) ?? []
        let values = try c.decodeIfPresent([Double?].self, forKey: .tokenLogprobs) ?? []
        let tops = (try? c.decodeIfPresent([[String: Double]?].self, forKey: .topLogprobs)) ?? nil
        tokens = texts.enumerated().map { index, text in
            let alternatives = (tops?.indices.contains(index) == true ? tops?[index] : nil) ?? [:]
            return TokenLogprob(
                token: text,
                logprob: index < values.count ? (values[index] ?? -.infinity) : -.infinity,
                topLogprobs: alternatives
                    .map { TokenLogprob.Alternative(token: $0.key, logprob: $0.value) }
                    .sorted { $0.logprob > $1.logprob })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tokens, forKey: .content)
    }
}
