/// A search strategy: spends compute through its context's policy and scorers to answer a problem.
///
/// A strategy asks the budget before each expansion (the metered policy and scorers in the context
/// do so on every call). When the budget or the deadline says stop, it returns its best candidate so
/// far with `cutShort` set — never nothing, unless not a single call could be made.
public protocol Strategy: Sendable {
    /// The preset kind, e.g. `best-of-n`.
    var kind: String { get }
    func solve(_ problem: Problem, context: SearchContext) async throws -> Solution
}

/// Everything a strategy may use: the metered policy and scorers, the budget meter, the trace, a seed.
public struct SearchContext: Sendable {
    public var policy: MeteredPolicy
    public var stepScorer: MeteredStepScorer?
    public var outcomeScorer: MeteredOutcomeScorer?
    public var qValueScorer: MeteredQValueScorer?
    public var meter: BudgetMeter
    public var trace: TraceRecorder
    /// Base sampling for policy calls (temperature, top_p, max_tokens per call, …).
    public var sampling: SamplingParameters
    /// Where one reasoning step ends; the stop sequence of step-level expansions.
    public var stepDelimiter: String
    /// Seeds every random choice of the strategy and every sampled call, so a run repeats exactly.
    public var seed: UInt64

    public init(
        policy: any Policy, stepScorer: (any StepScorer)? = nil, outcomeScorer: (any OutcomeScorer)? = nil,
        qValueScorer: (any QValueScorer)? = nil, budget: Budget = .unlimited, sampling: SamplingParameters = .init(),
        stepDelimiter: String = "\n\n", seed: UInt64 = 0, onProgress: (@Sendable (SearchProgress) -> Void)? = nil
    ) {
        let trace = TraceRecorder()
        var hearUsage: (@Sendable (Usage) -> Void)?
        if let onProgress {
            hearUsage = { usage in onProgress(trace.progress(usage: usage)) }
        }
        let meter = BudgetMeter(budget: budget, onProgress: hearUsage)
        self.meter = meter
        self.policy = MeteredPolicy(policy, meter: meter)
        self.stepScorer = stepScorer.map { MeteredStepScorer($0, meter: meter) }
        self.outcomeScorer = outcomeScorer.map { MeteredOutcomeScorer($0, meter: meter) }
        self.qValueScorer = qValueScorer.map { MeteredQValueScorer($0, meter: meter) }
        self.trace = trace
        self.sampling = sampling
        self.stepDelimiter = stepDelimiter
        self.seed = seed
    }

    /// Sampling for one call: the base parameters with a seed derived from the context's seed and a
    /// per-call counter the strategy keeps, so calls differ from each other but repeat across runs.
    /// The base `maxTokens` (a client's `max_tokens`) caps every call: a strategy's own limit for a
    /// call applies only below it.
    public func sampling(call: Int, temperature: Double? = nil, maxTokens: Int? = nil) -> SamplingParameters {
        sampling.forCall(call, seed: seed, temperature: temperature, maxTokens: maxTokens)
    }

    /// Builds the solution from ranked candidates, with the meter's usage and the trace.
    public func finish(kind: String, candidates: [Candidate]) -> Solution {
        let usage = meter.usage
        return Solution(
            strategy: kind, candidates: candidates, usage: usage,
            generationEquivalents: generationEquivalents(candidates: candidates, usage: usage),
            cutShort: meter.stopReason, trace: trace.snapshot())
    }

    private func generationEquivalents(candidates: [Candidate], usage: Usage) -> Double {
        // One pass, no intermediate arrays: this runs once per request.
        var completeCount = 0
        var completeBytes = 0
        for candidate in candidates where candidate.isComplete {
            completeCount += 1
            completeBytes += candidate.text.utf8.count
        }
        guard completeCount > 0, let tokensPerByte = meter.tokensPerByte, tokensPerByte > 0 else { return 0 }
        let meanBytes = Double(completeBytes) / Double(completeCount)
        let meanTokens = meanBytes * tokensPerByte
        return meanTokens > 0 ? Double(usage.completionTokens) / meanTokens : 0
    }
}

/// Stable 64-bit mixing for seeds (SplitMix64's finaliser).
public enum SeedMixer {
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ b &* 0x9E37_79B9_7F4A_7C15 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SamplingParameters {
    /// These parameters as the base of call number `call` of a search seeded with `seed`: the call's
    /// own seed, and a strategy's temperature and token limit for it (a limit already set here, the
    /// client's, caps the strategy's). A streamed `single` call is made with the same parameters.
    public func forCall(_ call: Int, seed: UInt64, temperature: Double? = nil, maxTokens: Int? = nil) -> SamplingParameters {
        var parameters = self
        parameters.seed = SeedMixer.mix(seed, UInt64(call))
        if let temperature { parameters.temperature = temperature }
        if let maxTokens { parameters.maxTokens = min(maxTokens, parameters.maxTokens ?? maxTokens) }
        return parameters
    }
}
