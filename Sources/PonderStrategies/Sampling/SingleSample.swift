import PonderCore

/// One sample: the baseline every other strategy is measured against. Greedy by default; a client's
/// temperature and stop sequences (the context's base sampling) are the call's own, as from the model.
public struct SingleSample: Strategy {
    public let kind = "single"
    public var temperature: Double
    public var maxTokens: Int

    public init(temperature: Double = 0, maxTokens: Int = 2048) {
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let collector = SampleCollector(
            context: context, problem: problem, temperature: temperature(under: context.sampling), maxTokens: maxTokens,
            stop: context.sampling.stop ?? [])
        let candidates = collector.record(try await collector.collect(1))
        if !candidates.isEmpty { context.trace.choose(1) }
        return context.finish(kind: kind, candidates: candidates)
    }

    /// The call's temperature: the client's (the base sampling's) when it gave one, else the preset's.
    public func temperature(under base: SamplingParameters) -> Double { base.temperature ?? temperature }
}
