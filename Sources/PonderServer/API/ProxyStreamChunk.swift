import PonderCore

/// One server-sent event of a streamed completion, OpenAI's chunk shape (a `delta` for chat, `text`
/// for text completions) plus an optional `ponder` progress object. Progress chunks carry an empty
/// delta or text, so standard clients are unaffected.
struct ProxyStreamChunk: Encodable, Sendable {
    var id: String
    var object: String
    var created: Int
    var model: String
    var choices: [Choice]
    var usage: UsageBody?
    var ponder: Progress?

    struct Choice: Encodable, Sendable {
        var index = 0
        var delta: Delta?
        var text: String?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta, text
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
        /// Depth of the deepest node so far (the step of a step-level search).
        var step: Int?
        var nodesExpanded: Int?
        var bestScore: Double?
        var cutShort: StopReason?
        var traceID: String?
        /// On the last chunk of an `auto` search: the probe's features, the bin and the plan.
        var allocation: AllocationRecord?

        enum CodingKeys: String, CodingKey {
            case strategy, calls, step, allocation
            case nodesExpanded = "nodes_expanded"
            case bestScore = "best_score"
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case cutShort = "cut_short"
            case traceID = "trace_id"
        }
    }
}

/// Which route's chunk shape a stream uses.
enum StreamFormat: Sendable, Equatable {
    case chat
    case text

    var idPrefix: String { self == .chat ? "chatcmpl-" : "cmpl-" }

    /// A chunk with one choice: `text` nil means an empty delta (chat) or empty text (completions).
    func chunk(
        id: String, created: Int, model: String, role: String? = nil, text: String?, finishReason: String? = nil
    ) -> ProxyStreamChunk {
        switch self {
        case .chat:
            return ProxyStreamChunk(
                id: id, object: "chat.completion.chunk", created: created, model: model,
                choices: [.init(delta: .init(role: role, content: text), finishReason: finishReason)])
        case .text:
            return ProxyStreamChunk(
                id: id, object: "text_completion", created: created, model: model,
                choices: [.init(text: text ?? "", finishReason: finishReason)])
        }
    }
}
