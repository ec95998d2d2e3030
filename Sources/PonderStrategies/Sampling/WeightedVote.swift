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
        let samples = try await collector.collect(n)
        let scores = try await context.scoreSolutions(samples, problem: problem, with: scorer, aggregation: aggregation)
        let ranked = Voting.weighted(collector.record(samples, scores: scores))
        if let best = ranked.first, let index = samples.firstIndex(where: { $0.text == best.text }) {
            context.trace.choose(index + 1)
        }
        return context.finish(kind: kind, candidates: ranked)
    }
}
