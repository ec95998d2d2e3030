import PonderCore

/// The policy model behind an OpenAI-compatible chat endpoint.
///
/// A partial solution is sent as a final assistant message with `continue_final_message: true` and
/// `add_generation_prompt: false` (vLLM and SGLang continue it in place; the sim always does), so the
/// model carries on from exactly those bytes.
public struct ChatPolicy: Policy {
    public let client: EndpointClient

    public init(client: EndpointClient) {
        self.client = client
    }

    public func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput {
        var messages = problem.messages
        if !prefix.isEmpty { messages.append(.assistant(prefix)) }
        var parameters = sampling
        parameters.n = n
        parameters.stop = stop.isEmpty ? nil : stop
        let generation = try await client.chat(messages, sampling: parameters, continueFinalMessage: !prefix.isEmpty)
        return PolicyOutput(
            continuations: generation.choices.map { choice in
                Continuation(text: choice.text, finishReason: choice.finishReason, meanLogprob: Self.meanLogprob(choice.logprobs))
            },
            usage: generation.usage)
    }

    static func meanLogprob(_ tokens: [TokenLogprob]?) -> Double? {
        guard let tokens, !tokens.isEmpty else { return nil }
        let finite = tokens.map(\.logprob).filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        return finite.reduce(0, +) / Double(finite.count)
    }
}
