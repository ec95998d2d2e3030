import PonderCore

import struct FoundationEssentials.Date

/// One answered completion request, as `ponder serve --record` keeps it: what was asked, what the
/// client was answered, what it cost and how long it took. Built on the request path from values the
/// response was made of; the writer encodes and redacts it off that path. It holds no header, so no
/// API key or `Authorization` value can reach the file through it; a key that appears in the text
/// (a client pasted one into a message, a model quoted one) is redacted before it is written.
struct AnsweredRequest: Sendable, Equatable {
    /// When the answer was complete (for a stream: when its last piece was handed to the client).
    var finishedAt: Date
    /// The request id (`X-Request-Id`, also the trace id).
    var requestID: String
    /// `/v1/chat/completions` or `/v1/completions`.
    var route: String
    var stream: Bool
    /// The preset that ran.
    var strategy: String
    /// The model id as the client sent it.
    var model: String
    /// The name of the client's API key (never the key); nil when the daemon requires none.
    var client: String?
    /// The chat messages (chat route) or the raw prompt (text completions).
    var prompt: Prompt
    /// The first choice's text and finish reason (`stop`, `length`).
    var answer: String
    var finishReason: String
    /// Choices 2…n when the client asked for `n > 1`.
    var otherChoices: [Choice] = []
    /// The limit that cut the search short, nil when it ran to completion.
    var cutShort: StopReason?
    /// The usage the client was told: every backend token of the search, and its calls.
    var usage: Usage
    /// From the request's arrival to its complete answer.
    var latencyMilliseconds: Double
    /// The search tree; nil for a streamed `single` (one pass-through call).
    var trace: SearchTrace?

    enum Prompt: Sendable, Equatable {
        case messages([ChatMessage])
        case text(String)
    }

    struct Choice: Sendable, Equatable, Codable {
        var text: String
        var finishReason: String

        enum CodingKeys: String, CodingKey {
            case text
            case finishReason = "finish_reason"
        }
    }
}
