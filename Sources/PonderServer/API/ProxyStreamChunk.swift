import PonderCore

/// One server-sent event of a streamed chat completion, OpenAI's chunk shape plus an optional `ponder`
/// progress object (its `delta` stays empty, so standard clients are unaffected).
struct ProxyStreamChunk: Encodable, Sendable {
    var id: String
    var object = "chat.completion.chunk"
    var created = 0
    var model: String
    var choices: [Choice]
    var usage: UsageBody?
    var ponder: Progress?

    struct Choice: Encodable, Sendable {
        var index = 0
        var delta: Delta
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }

    struct Delta: Encodable, Sendable {
        var role: String?
        var content: String?
    }

    /// What the search has done so far.
    struct Progress: Encodable, Sendable {
        var strategy: String
        var calls: Int
        var promptTokens: Int
        var completionTokens: Int
        var cutShort: StopReason?

        enum CodingKeys: String, CodingKey {
            case strategy, calls
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case cutShort = "cut_short"
        }
    }
}
