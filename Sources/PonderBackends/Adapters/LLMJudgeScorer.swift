import PonderCore

/// An outcome scorer that asks a chat model whether a solution is correct and reads the answer's
/// first-token log probabilities (see `JudgeVerdict`). One request per solution: `max_tokens: 1`,
/// temperature 0, `top_logprobs: 20`. The prompt comes from a template (`Prompts/judge`).
public struct LLMJudgeScorer: OutcomeScorer {
    public let client: EndpointClient
    public let verdict: JudgeVerdict
    /// Renders the judge prompt for a problem and a proposed solution.
    public let prompt: @Sendable (Problem, String) throws -> [ChatMessage]

    public init(client: EndpointClient, verdict: JudgeVerdict = .init(), prompt: @escaping @Sendable (Problem, String) throws -> [ChatMessage]) {
        self.client = client
        self.verdict = verdict
        self.prompt = prompt
    }

    public var tokenCost: TokenCost { client.tokenCost }

    public func scoreSolution(_ problem: Problem, solution: String) async throws -> ScorerOutput<OutcomeScore> {
        let messages = try prompt(problem, solution)
        let generation = try await client.chat(
            messages, sampling: SamplingParameters(temperature: 0, maxTokens: 1, logprobs: true, topLogprobs: 20))
        let choice = generation.choices.first
        if let probability = verdict.probabilityOfYes(firstToken: choice?.logprobs?.first) {
            return ScorerOutput(value: OutcomeScore(score: probability), usage: generation.usage)
        }
        // No logprobs from this server: fall back to the word it wrote.
        let word = (choice?.text ?? "").lowercased().trimmingWhitespace()
        let score: Double = verdict.positive.contains(where: { word.hasPrefix($0) }) ? 1 : 0
        return ScorerOutput(
            value: OutcomeScore(score: score, details: "the judge returned no logprobs; read its word '\(word)'"),
            usage: generation.usage)
    }
}
