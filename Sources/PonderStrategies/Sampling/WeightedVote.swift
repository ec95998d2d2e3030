import PonderCore

/// Verifier-weighted voting (weighted best-of-N): N samples, the answer class with the highest summed
/// verifier score wins. Less prone than best-of-N to a verifier's mistakes on single samples, which
/// Snell et al. observed as over-optimisation against the PRM.
public struct WeightedVote: Strategy {
    public let kind = "weighted-vote"
    public var n: Int
    public var temperature: Double
    public var maxTokens: Int
    public var scorer: SolutionScorerKind
    public var aggregation: StepAggregation

    public init(n: Int = 8, temperature: Double = 0.8, maxTokens: Int = 2048, scorer: SolutionScorerKind = .prm, aggregation: StepAggregation = .last) {
        self.n = n
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.scorer = scorer
        self.aggregation = aggregation
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let collector = SampleCollector(context: context, problem: problem, temperature: temperature, maxTokens: maxTokens)
        return try await collector.solveScored(n, scorer: scorer, aggregation: aggregation, kind: kind, rank: Voting.weighted)
    }
}
