import PonderCore

/// The arithmetic checker as a programmatic process reward: it scores each step of a partial solution
/// from the arithmetic the step writes, so step-level search can run on a model with no PRM beside it.
extension ArithmeticChecker: StepScorer {
    /// 1 for a step whose every equation holds, or that writes none (nothing to find wrong); 0 for a step
    /// with an equation that does not hold. With `min` or `prod` aggregation a path scores 1 only while
    /// all its arithmetic is right.
    public func scoreSteps(_ problem: Problem, steps: [String]) async throws -> ScorerOutput<[Double]> {
        let scores = steps.map { step in check(step).steps.allSatisfy(\.isRight) ? 1.0 : 0.0 }
        return ScorerOutput(value: scores, usage: Usage(calls: 0))
    }
}
