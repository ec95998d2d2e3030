/// The body of a non-streaming text completion.
public struct CompletionResponse: Codable, Sendable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: UsageBody?
    public var timings: ServerTimings?

    public struct Choice: Codable, Sendable {
        public var index: Int
        public var text: String
        public var finishReason: String?
        public var logprobs: LogprobsPayload?

        public init(index: Int, text: String, finishReason: String?, logprobs: LogprobsPayload? = nil) {
            self.index = index
            self.text = text
            self.finishReason = finishReason
            self.logprobs = logprobs
        }

        enum CodingKeys: String, CodingKey {
            case index, text, logprobs
            case finishReason = "finish_reason"
        }
    }

    public init(id: String, created: Int, model: String, choices: [Choice], usage: UsageBody?) {
        self.id = id
        self.object = "text_completion"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey { case id, object, created, model, choices, usage, timings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? "text_completion"
        created = try c.decodeIfPresent(Int.self, forKey: .created) ?? 0
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        choices = try c.decode([Choice].self, forKey: .choices)
        usage = try c.decodeIfPresent(UsageBody.self, forKey: .usage)
        timings = try? c.decodeIfPresent(ServerTimings.self, forKey: .timings)
    }
}
