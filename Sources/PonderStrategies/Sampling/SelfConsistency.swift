import PonderCore

/// Self-consistency (Wang et al. 2022): N samples, the most common answer wins.
///
/// With `adaptive`, samples are drawn in batches and sampling stops once the leading answer can no
/// longer be overtaken by the samples still to come (lead over the runner-up > remaining), which
/// spends less on easy problems without changing the vote's outcome.
public struct SelfConsistency: Strategy {
    public let kind = "self-consistency"
    public var n: Int
    public var temperature: Double
    public var maxTokens: Int
    public var adaptive: Bool
    public var batchSize: Int

    public init(n: Int = 8, temperature: Double = 0.8, maxTokens: Int = 2048, adaptive: Bool = false, batchSize: Int = 4) {
        self.n = n
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.adaptive = adaptive
        self.batchSize = max(1, batchSize)
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let collector = SampleCollector(context: context, problem: problem, temperature: temperature, maxTokens: maxTokens)
        var samples: [Continuation] = []
        var call = 0
        while samples.count < n {
            let want = adaptive ? min(batchSize, n - samples.count) : n - samples.count
            let batch = try await collector.collect(want, startCall: call * 1000)
            call += 1
            if batch.isEmpty { break }
            samples += batch
            if adaptive && SelfConsistency.isDecided(samples.map(\.text), remaining: n - samples.count) { break }
        }
        let ranked = Voting.majority(collector.record(samples))
        if let best = ranked.first, let index = samples.firstIndex(where: { $0.text == best.text }) {
            context.trace.choose(index + 1)
        }
        return context.finish(kind: kind, candidates: ranked)
    }

    /// True when the largest answer class leads the second by more than the samples still to come.
    static func isDecided(_ texts: [String], remaining: Int) -> Bool {
        let ranked = Voting.majority(texts.map { Candidate(text: $0) })
        guard let leader = ranked.first, leader.answer != nil, let leaderVotes = leader.votes else { return false }
        let runnerUp = ranked.first { $0.answer != nil && !AnswerEquivalence.areEquivalent($0.answer!, leader.answer!) }?.votes ?? 0
        return leaderVotes - runnerUp > remaining
    }
}
