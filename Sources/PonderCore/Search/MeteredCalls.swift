/// The policy as strategies see it: every call is admitted by the budget meter first and settled after.
///
/// The meter may grant fewer samples than asked when the budget is nearly spent; the output then holds
/// fewer continuations. When nothing may be spent, `complete` throws the `StopReason`.
public struct MeteredPolicy: Sendable {
    public let inner: any Policy
    public let meter: BudgetMeter

    public init(_ inner: any Policy, meter: BudgetMeter) {
        self.inner = inner
        self.meter = meter
    }

    public func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput {
        let maxTokens = sampling.maxTokens ?? 1024
        let admission = try meter.admit(samples: n, maxTokens: maxTokens, promptTokens: problem.promptTokenEstimate(prefix: prefix))
        var parameters = sampling
        parameters.maxTokens = admission.maxTokens
        do {
            let output = try await inner.complete(problem, prefix: prefix, n: admission.samples, stop: stop, sampling: parameters)
            let bytes = output.continuations.reduce(0) { $0 + $1.text.utf8.count }
            meter.settle(admission, usage: output.usage, cost: inner.tokenCost.cost(of: output.usage), generatedBytes: bytes)
            return output
        } catch {
            meter.settle(admission, usage: .zero)
            throw error
        }
    }
}

extension BudgetMeter {
    /// Runs one scoring call under the meter: admitted (for the deadline, calls and cost, not tokens)
    /// and settled with its usage and what that cost at `price`, also when it fails.
    func scoring<Value: Sendable>(price: TokenCost, _ call: () async throws -> ScorerOutput<Value>) async throws -> Value {
        let admission = try admitScoring()
        do {
            let output = try await call()
            settle(admission, usage: output.usage, cost: price.cost(of: output.usage))
            return output.value
        } catch {
            settle(admission, usage: .zero)
            throw error
        }
    }
}

/// A process reward model behind the budget meter.
public struct MeteredStepScorer: Sendable {
    public let inner: any StepScorer
    public let meter: BudgetMeter

    public init(_ inner: any StepScorer, meter: BudgetMeter) {
        self.inner = inner
        self.meter = meter
    }

    public func scoreSteps(_ problem: Problem, steps: [String]) async throws -> [Double] {
        try await meter.scoring(price: inner.tokenCost) { try await inner.scoreSteps(problem, steps: steps) }
    }
}

/// An outcome scorer behind the budget meter.
public struct MeteredOutcomeScorer: Sendable {
    public let inner: any OutcomeScorer
    public let meter: BudgetMeter

    public init(_ inner: any OutcomeScorer, meter: BudgetMeter) {
        self.inner = inner
        self.meter = meter
    }

    public func scoreSolution(_ problem: Problem, solution: String) async throws -> OutcomeScore {
        try await meter.scoring(price: inner.tokenCost) { try await inner.scoreSolution(problem, solution: solution) }
    }
}

/// A step-level Q-value model behind the budget meter.
public struct MeteredQValueScorer: Sendable {
    public let inner: any QValueScorer
    public let meter: BudgetMeter

    public init(_ inner: any QValueScorer, meter: BudgetMeter) {
        self.inner = inner
        self.meter = meter
    }

    public func qValues(_ problem: Problem, steps: [String], candidates: [String]) async throws -> [Double] {
        try await meter.scoring(price: inner.tokenCost) { try await inner.qValues(problem, steps: steps, candidates: candidates) }
    }
}

extension Problem {
    /// The prompt tokens a call continuing `prefix` will take, guessed from bytes (about four a token)
    /// before the server counts them: what the budget admits a call against.
    public func promptTokenEstimate(prefix: String = "") -> Int {
        (messages.reduce(0) { $0 + $1.content.utf8.count } + prefix.utf8.count) / 4
    }
}
