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
    var ponder: Details

    struct Details: Encodable, Sendable {
        var strategy: String
        var kind: String
        var calls: Int
        var cutShort: StopReason?
        var generationEquivalents: Double
        var candidates: [Candidate]
        var uncountedChoices: Int

        enum CodingKeys: String, CodingKey {
            case strategy, kind, calls, candidates
            case cutShort = "cut_short"
            case generationEquivalents = "generation_equivalents"
            case uncountedChoices = "uncounted_choices"
        }
    }
}
