/// The sim's step-level Q-value model (`POST /v1/qvalue`): for each candidate next step, an estimate of
/// the probability that a solution continued with it ends correct.
///
/// If the steps so far and the candidate are all right, the value is the probability that the simulated
/// model at T = 0.8 gets every remaining step right (traps included); a finished right solution is worth
/// 0.99; any wrong step makes it 0.01. The value is then blurred in logit space by `noise · ε`, `ε ~ N(0, 1)`
/// drawn from a hash of (seed, question, steps, candidate), so the same query always gets the same values.
public struct QValueModel: Sendable {
    public var seed: UInt64
    /// σ of the logit noise.
    public var noise: Double
    public var errors: StepErrorModel

    public init(seed: UInt64 = 0, noise: Double = 0.5, errors: StepErrorModel = StepErrorModel()) {
        self.seed = seed
        self.noise = noise
        self.errors = errors
    }

    /// The noiseless value of continuing `steps` with `candidate`.
    public func exactValue(problem: ArithmeticProblem, steps: [String], candidate: String) -> Double {
        let verdict = StepJudge(problem: problem).judge(steps + [candidate])
        guard verdict.allRight else { return 0.01 }
        if verdict.answered { return 0.99 }
        let p = errors.successProbability(
            problem: problem, from: verdict.operationSteps, temperature: StepErrorModel.referenceTemperature)
        return min(max(p, 0.01), 0.99)
    }

    public func values(question: String, steps: [String], candidates: [String]) -> [Double] {
        let problem = ProblemFinder.lastProblem(in: question)?.problem
        var base = StableHash.combine(seed, StableHash.string(question), 0x71_76)
        for step in steps { base = StableHash.combine(base, StableHash.string(step)) }
        return candidates.map { candidate in
            let exact = problem.map { exactValue(problem: $0, steps: steps, candidate: candidate) } ?? 0.5
            var rng = SplitMix64(seed: StableHash.combine(base, StableHash.string(candidate)))
            return SimMath.sigmoid(SimMath.logit(exact) + noise * rng.nextGaussian())
        }
    }
}
