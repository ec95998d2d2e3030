/// One `data:` event of a streaming chat or text completion.
///
/// Chat chunks carry `delta.content`, text chunks carry `text`; both shapes decode into this one type so
/// a single stream reader serves both endpoints. The last chunk may carry `usage` with no choices.
public struct StreamChunk: Codable, Sendable {
    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: UsageBody?
    public var timings: ServerTimings?

    public struct Choice: Codable, Sendable {
        public var index: Int
        public var delta: Delta?
        public var text: String?
        public var finishReason: String?
        public var logprobs: LogprobsPayload?

        public init(index: Int, delta: Delta?, text: String?, finishReason: String?, logprobs: LogprobsPayload? = nil) {
            self.index = index
            self.delta = delta
            self.text = text
            self.finishReason = finishReason
            self.logprobs = logprobs
        }

        /// The new text of this chunk, whichever shape carried it.
        public var content: String { delta?.content ?? text ?? "" }

        enum CodingKeys: String, CodingKey {
            case index, delta, text, logprobs
            case finishReason = "finish_reason"
        }
    }

    public struct Delta: Codable, Sendable {
        public var role: String?
        public var content: String?
        public init(role: String? = nil, content: String? = nil) {
            self.role = role
            self.content = content
        }
    }

    public init(id: String, object: String, created: Int, model: String, choices: [Choice], usage: UsageBody? = nil) {
        self.id = id
        self.object = object
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }

    enum CodingKeys: String, CodingKey { case id, object, created, model, choices, usage, timings }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        object = try c.decodeIfPresent(String.self, forKey: .object) ?? ""
        created = try c.decodeIfPresent(Int.self, forKey: .created) ?? 0
        model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        choices = try c.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        usage = try c.decodeIfPresent(UsageBody.self, forKey: .usage)
        timings = try? c.decodeIfPresent(ServerTimings.self, forKey: .timings)
    }
}
