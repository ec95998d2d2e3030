import PonderCore

/// A process reward model served at `POST /v1/score` (`{"question", "steps"}` → `{"scores"}`),
/// the shape `ponder sim` serves. The call has no token usage to report; it counts as one call.
public struct HTTPStepScorer: StepScorer {
    public let client: EndpointClient

    public init(client: EndpointClient) {
        self.client = client
    }

    public var tokenCost: TokenCost { client.tokenCost }

    public func scoreSteps(_ problem: Problem, steps: [String]) async throws -> ScorerOutput<[Double]> {
        guard !steps.isEmpty else { return ScorerOutput(value: [], usage: .zero) }
        let scores = try await client.scoreSteps(question: problem.question, steps: steps)
        return ScorerOutput(value: scores.map { min(1, max(0, $0)) }, usage: Usage(calls: 1))
    }
}

/// A step-level Q-value model served at `POST /v1/qvalue`.
public struct HTTPQValueScorer: QValueScorer {
    public let client: EndpointClient

    public init(client: EndpointClient) {
        self.client = client
    }

    public var tokenCost: TokenCost { client.tokenCost }

    public func qValues(_ problem: Problem, steps: [String], candidates: [String]) async throws -> ScorerOutput<[Double]> {
        guard !candidates.isEmpty else { return ScorerOutput(value: [], usage: .zero) }
        let values = try await client.qValues(question: problem.question, steps: steps, candidates: candidates)
        return ScorerOutput(value: values.map { min(1, max(0, $0)) }, usage: Usage(calls: 1))
    }
}
