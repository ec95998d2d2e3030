import PonderCore

/// The daemon's answer to a chat completion: OpenAI's shape, plus a `ponder` object saying how the
/// answer was found.
struct ProxyChatResponse: Encodable, Sendable {
    var id: String
    var object = "chat.completion"
    var created: Int
    var model: String
    var choices: [ChatCompletionResponse.Choice]
    var usage: UsageBody
    var ponder: ProxySearchDetails
}

/// The daemon's answer to a text completion, with the same `ponder` object.
struct ProxyCompletionResponse: Encodable, Sendable {
    var id: String
    var object = "text_completion"
    var created: Int
    var model: String
    var choices: [CompletionResponse.Choice]
    var usage: UsageBody
    var ponder: ProxySearchDetails
}
