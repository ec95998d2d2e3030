import PonderCore

/// Best-of-N: N independent samples, the one the verifier scores highest wins.
///
/// Defaults from huggingface/search-and-learn: N = 4, temperature 0.8, PRM score of the last step
/// (`agg = last`), as in Snell et al. ("Scaling LLM test-time compute optimally").
public struct BestOfN: Strategy {
    public let kind = "best-of-n"
    public var n: Int
    public var temperature: Double
    public var maxTokens: Int
    public var scorer: SolutionScorerKind
    public var aggregation: StepAggregation

    public init(n: Int = 4, temperature: Double = 0.8, maxTokens: Int = 2048, scorer: SolutionScorerKind = .prm, aggregation: StepAggregation = .last) {
        self.n = n
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.scorer = scorer
        self.aggregation = aggregation
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let collector = SampleCollector(context: context, problem: problem, temperature: temperature, maxTokens: maxTokens)
        return try await collector.solveScored(n, scorer: scorer, aggregation: aggregation, kind: kind, rank: Voting.rankByScore)
    }
}
