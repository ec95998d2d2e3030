import PonderCore

/// The policy model behind an OpenAI-compatible text completion endpoint, for raw prompts: the
/// partial solution is appended to the prompt text and the model continues from there.
public struct CompletionPolicy: Policy {
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
        let prompt = (problem.rawPrompt ?? problem.question) + prefix
        let generation = try await client.complete(prompt: prompt, sampling: parameters)
        return PolicyOutput(
            continuations: generation.choices.map { choice in
                Continuation(text: choice.text, finishReason: choice.finishReason, meanLogprob: ChatPolicy.meanLogprob(choice.logprobs))
            },
            usage: generation.usage)
    }
}
