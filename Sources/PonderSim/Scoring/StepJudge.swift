/// Checks solution steps against the truth of a problem.
///
/// A step (one string, possibly several lines) is right when each "Step N:" line in it writes the true
/// value of the next operation and each `\boxed{V}` in it holds the true answer; a step with neither, or
/// one that cannot be read, is wrong. Steps are checked in order against the true values, so a step that
/// follows an earlier wrong step is never judged on its own.
public struct StepJudge: Sendable {
    public let problem: ArithmeticProblem

    public init(problem: ArithmeticProblem) { self.problem = problem }

    public struct Verdict: Sendable, Equatable {
        /// For each step: every step up to and including it is right.
        public var prefixRight: [Bool]
        /// Operation steps written in total.
        public var operationSteps: Int
        /// The steps include a final boxed answer.
        public var answered: Bool

        /// Every step is right.
        public var allRight: Bool { prefixRight.last ?? true }
    }

    public func judge(_ steps: [String]) -> Verdict {
        var verdict = Verdict(prefixRight: [], operationSteps: 0, answered: false)
        var allRight = true
        for step in steps {
            var stepRight = true
            var readSomething = false
            for line in step.split(separator: "\n", omittingEmptySubsequences: true) {
                if let boxed = StepLine.boxedValue(in: line) {
                    readSomething = true
                    verdict.answered = true
                    if boxed != problem.answer { stepRight = false }
                } else if let parsed = StepLine.parse(line) {
                    readSomething = true
                    let index = verdict.operationSteps
                    verdict.operationSteps += 1
                    if index >= problem.stepCount || parsed.result != problem.values[index] { stepRight = false }
                }
            }
            allRight = allRight && stepRight && readSomething
            verdict.prefixRight.append(allRight)
        }
        return verdict
    }
}
