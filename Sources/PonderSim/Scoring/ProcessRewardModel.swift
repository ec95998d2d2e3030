/// The sim's process reward model (`POST /v1/score`): one score per step, the probability that every
/// step so far is right, judged from the truth and blurred by noise.
///
/// For step `i` the latent is `+margin` while every step up to `i` is right and `−margin` from the first
/// wrong step on (unreadable steps count as wrong); the score is `sigmoid(latent + noise · ε)` with
/// `ε ~ N(0, 1)` drawn from a hash of (seed, question, steps up to `i`), so the same path always gets the
/// same score. Since right and wrong steps differ by `2 · margin` in latent and the noise of two steps
/// differs by `noise · √2` in spread, the AUROC of the scores for separating right from wrong steps is
///
///     AUROC = Φ(√2 · margin / noise)
///
/// e.g. 0.998 at noise 1, 0.92 at noise 2, 0.83 at noise 3 (margin 2). Questions without a readable
/// problem get latent 0: the scores are pure noise around 0.5.
public struct ProcessRewardModel: Sendable {
    public var seed: UInt64
    /// σ: the standard deviation of the logit noise.
    public var noise: Double
    /// μ: the latent logit of a right step (and minus that of a wrong one).
    public var margin: Double

    public init(seed: UInt64 = 0, noise: Double = 1.0, margin: Double = 2.0) {
        self.seed = seed
        self.noise = noise
        self.margin = margin
    }

    /// The AUROC the scores achieve for right versus wrong steps: Φ(√2 · margin / noise).
    public static func expectedAUROC(margin: Double = 2.0, noise: Double) -> Double {
        guard noise > 0 else { return 1 }
        return SimMath.normalCDF(2.0.squareRoot() * margin / noise)
    }

    public func scores(question: String, steps: [String]) -> [Double] {
        let verdict = ProblemFinder.lastProblem(in: question).map { StepJudge(problem: $0.problem).judge(steps) }
        var path = StableHash.combine(seed, StableHash.string(question), 0x70_726d)
        var scores: [Double] = []
        scores.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() {
            path = StableHash.combine(path, StableHash.string(step))
            var rng = SplitMix64(seed: path)
            let latent = verdict.map { $0.prefixRight[index] ? margin : -margin } ?? 0
            scores.append(SimMath.sigmoid(latent + noise * rng.nextGaussian()))
        }
        return scores
    }
}
