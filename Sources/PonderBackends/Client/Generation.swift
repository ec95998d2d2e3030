import PonderCore
/// What one generation call produced: the choices, in order, and the usage the servers reported.
public struct Generation: Sendable {
    public var choices: [GeneratedText]
    public var usage: Usage

    public init(choices: [GeneratedText], usage: Usage) {
        self.choices = choices
        self.usage = usage
    }
}

/// One choice of a generation call.
public struct GeneratedText: Sendable, Hashable {
    public var text: String
    /// `stop` (end of text or a stop sequence), `length` (`max_tokens` reached), or what the server said.
    public var finishReason: String?
    public var logprobs: [TokenLogprob]?

    public init(text: String, finishReason: String?, logprobs: [TokenLogprob]? = nil) {
        self.text = text
        self.finishReason = finishReason
        self.logprobs = logprobs
    }

    public var wasTruncated: Bool { finishReason == "length" }
}

/// One piece of a streamed generation, as it arrives.
public struct StreamDelta: Sendable {
    public var choiceIndex: Int
    public var text: String
    public var finishReason: String?
    public var logprobs: [TokenLogprob]?
}
