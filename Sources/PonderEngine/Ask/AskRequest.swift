import PonderBackends
import PonderCore

import class FoundationEssentials.JSONEncoder

/// One question sent straight to the policy model, as `ponder ask` does before a strategy is chosen.
public struct AskRequest: Sendable {
    public var question: String
    public var system: String?
    public var sampling: SamplingParameters

    public init(question: String, system: String? = nil, sampling: SamplingParameters) {
        self.question = question
        self.system = system
        self.sampling = sampling
    }

    public func run(on registry: EndpointRegistry) async throws -> AskAnswer {
        let policy = try registry.client(for: .policy)
        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        messages.append(.user(question))
        let generation = try await policy.chat(messages, sampling: sampling)
        guard let choice = generation.choices.first else {
            throw BackendError.malformedResponse(
                endpoint: policy.name, replica: policy.configuration.replicas[0], detail: "the response has no choices")
        }
        return AskAnswer(
            endpoint: policy.name, model: policy.configuration.model, text: choice.text,
            answer: AnswerExtractor.extract(from: choice.text)?.text,
            finishReason: choice.finishReason, usage: generation.usage)
    }
}

/// What `ponder ask` prints.
public struct AskAnswer: Sendable, Encodable {
    public var endpoint: String
    public var model: String
    public var text: String
    /// The final answer found in the text (last `\boxed{}`, "The answer is …", else the last number).
    public var answer: String?
    public var finishReason: String?
    public var usage: Usage

    /// The answer as text, then a usage line.
    public var rendered: String {
        var lines = [text, ""]
        if let answer { lines.append("answer: \(answer)") }
        var usageLine = "usage: \(usage.promptTokens) prompt tokens (\(usage.cachedPromptTokens) cached), "
        usageLine += "\(usage.completionTokens) completion tokens, \(usage.calls) call(s)"
        if usage.uncountedChoices > 0 { usageLine += "; \(usage.uncountedChoices) choice(s) not counted by the server" }
        lines.append(usageLine)
        if finishReason == "length" { lines.append("note: the answer was cut off at --max-tokens") }
        return lines.joined(separator: "\n")
    }

    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, model, text, answer, usage
        case finishReason = "finish_reason"
    }
}
