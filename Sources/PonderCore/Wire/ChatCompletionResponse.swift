/// The body of a non-streaming chat completion.
public struct ChatCompletionResponse: Codable, Sendable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: UsageBody?
    /// llama.cpp adds per-request timings; its presence tells that usage covers one choice only.
    public var timings: ServerTimings?

    public struct Choice: Codable, Sendable {
        public var index: Int
        public var message: ChatMessage
        public var finishReason: String?
        public var logprobs: LogprobsPayload?

        public init(index: Int, message: ChatMessage, finishReason: String?, logprobs: LogprobsPayload? = nil) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
            self.logprobs = logprobs
        }

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }
    }

    public init(id: String, created: Int, model: String, choices: [Choice], usage: UsageBody?) {
        self.id = id
        self.object = "chat.completion"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey { case id, object, created, model, choices, usage, timings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? "chat.completion"
        created = try c.decodeIfPresent(Int.self, forKey: .created) ?? 0
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        choices = try c.decode([Choice].self, forKey: .choices)
        usage = try c.decodeIfPresent(UsageBody.self, forKey: .usage)
        timings = try? c.decodeIfPresent(ServerTimings.self, forKey: .timings)
    }
}

/// llama.cpp's `timings` object; only its presence matters to Ponder.
public struct ServerTimings: Codable, Sendable, Hashable {
    public var predictedN: Int?
    public init(predictedN: Int?) { self.predictedN = predictedN }
    enum CodingKeys: String, CodingKey { case predictedN = "predicted_n" }
}
