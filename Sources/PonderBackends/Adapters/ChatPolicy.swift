import PonderCore

/// The policy model behind an OpenAI-compatible chat endpoint.
///
/// A partial solution is continued from exactly its bytes, the way the endpoint supports
/// (`PrefixContinuation`): as a final assistant message with `continue_final_message: true` and
/// `add_generation_prompt: false` (vLLM, SGLang, the sim), or appended to the conversation rendered by a
/// chat template and continued through `/v1/completions` (llama.cpp). With a rendered template every
/// call, the first step's too, goes that way, so all expansions of a problem share one prompt prefix.
public struct ChatPolicy: Policy {
    public let client: EndpointClient

    public init(client: EndpointClient) {
        self.client = client
    }

    public var tokenCost: TokenCost { client.tokenCost }

    public func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput {
        var parameters = await client.adaptedSampling(sampling)
        parameters.n = n
        parameters.stop = stop.isEmpty ? nil : stop
        let continuation = await client.prefixContinuation()
        let generation: Generation
        if continuation.rendersPrompt {
            let prompt = try await client.renderedPrompt(problem.messages, continuation: continuation) + prefix
            generation = try await client.complete(prompt: prompt, sampling: parameters)
        } else {
            var messages = problem.messages
            if !prefix.isEmpty { messages.append(.assistant(prefix)) }
            generation = try await client.chat(messages, sampling: parameters, continueFinalMessage: !prefix.isEmpty)
        }
        return Self.output(from: generation)
    }

    /// Out of line, so the conversion's temporaries are not part of the call's async frame.
    @inline(never)
    static func output(from generation: Generation) -> PolicyOutput {
        PolicyOutput(
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
