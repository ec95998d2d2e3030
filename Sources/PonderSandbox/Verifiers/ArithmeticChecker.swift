import PonderCore

/// Checks the arithmetic a step-by-step solution writes, e.g. `Step 2: 22 × 3 = 66`, without a reference
/// answer: each line with an equation is a step, and a step is right when every equality in it holds.
/// Pure Swift; nothing is run.
///
/// Score: the fraction of steps that are right (or, with ``Scoring/allOrNothing``, 1 only when all are),
/// and 0 when the solution has no final answer (`\boxed{…}`, "The answer is …", "Answer: …") or no step
/// to check. It does not check that the steps solve the problem, only that their arithmetic is right.
///
/// Reading a line: numbers (`-3`, `7.5`, `1,234`), operators `+ - × ÷ * / x ·` (and `−`, `\times`,
/// `\cdot`, `\div`) with the usual precedence, parentheses; the left side is the longest arithmetic text
/// right before the first `=`, the right side the longest right after the last one (so "Step 2:",
/// "$…$", `**` and trailing words are ignored); chains `a = b = c` check each `=`. Evaluation is exact;
/// a result written with decimals is right when the exact value rounds to it (`10 ÷ 3 = 3.33`). A line
/// whose arithmetic cannot be evaluated (overflow, division by zero) is a wrong step.
public struct ArithmeticChecker: OutcomeScorer {
    public enum Scoring: Sendable, Hashable {
        case fractionOfSteps
        case allOrNothing
    }

    public enum Division: Sendable, Hashable {
        /// `7 ÷ 2 = 3.5` only.
        case exact
        /// Also accept the quotient truncated toward zero when the result is written as an integer
        /// (`7 ÷ 2 = 3`), as the project's simulated arithmetic task computes it.
        case exactOrTruncated
    }

    public var scoring: Scoring
    public var division: Division

    public init(scoring: Scoring = .fractionOfSteps, division: Division = .exact) {
        self.scoring = scoring
        self.division = division
    }

    /// A check run here, with no model behind it, costs nothing (as a step or an outcome scorer alike).
    public var tokenCost: TokenCost { TokenCost() }

    public func scoreSolution(_ problem: Problem, solution: String) async throws -> ScorerOutput<OutcomeScore> {
        let result = check(solution)
        return ScorerOutput(value: OutcomeScore(score: result.score, details: result.details), usage: Usage(calls: 0))
    }

    /// Checks every step of `solution`.
    public func check(_ solution: String) -> ArithmeticCheck {
        var steps: [ArithmeticCheck.Step] = []
        for (index, line) in solution.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // A line is a step when some equality in it computes something; then all of them must hold.
            let equations = ArithmeticExpression.equations(in: String(line))
            guard equations.contains(where: {
                ArithmeticExpression.hasOperator($0.left) || ArithmeticExpression.hasOperator($0.right)
            }) else { continue }
            var problems: [String] = []
            for equation in equations {
                if let problem = verify(equation) { problems.append(problem) }
            }
            steps.append(
                ArithmeticCheck.Step(
                    lineNumber: index + 1, text: line.trimmingSpaces, isRight: problems.isEmpty,
                    problem: problems.isEmpty ? nil : problems.joined(separator: "; ")))
        }

        let answer = AnswerExtractor.lastBoxedContent(in: solution) ?? AnswerExtractor.answerPhraseContent(in: solution)
        let right = steps.filter(\.isRight).count
        let score: Double
        var details: String
        if answer == nil {
            score = 0
            details = "no final answer"
        } else if steps.isEmpty {
            score = 0
            details = "no arithmetic steps to check"
        } else {
            switch scoring {
            case .fractionOfSteps: score = Double(right) / Double(steps.count)
            case .allOrNothing: score = right == steps.count ? 1 : 0
            }
            details = "\(right) of \(steps.count) steps right"
        }
        let wrong = steps.filter { !$0.isRight }
        if !wrong.isEmpty {
            details += "; wrong: " + wrong.prefix(3).map { "line \($0.lineNumber) \"\($0.text)\" (\($0.problem ?? ""))" }
                .joined(separator: ", ")
            if wrong.count > 3 { details += " and \(wrong.count - 3) more" }
        }
        return ArithmeticCheck(steps: steps, finalAnswer: answer, score: score, details: details)
    }

    /// nil when the equation holds, else what is wrong.
    func verify(_ equation: ArithmeticExpression.Equation) -> String? {
        let left = ArithmeticExpression.evaluate(equation.left)
        let right = ArithmeticExpression.evaluate(equation.right)
        switch (left, right) {
        case (.failure(let failure), _), (_, .failure(let failure)):
            return "\(ArithmeticExpression.render(equation.left)) cannot be evaluated: "
                + (failure == .divisionByZero ? "division by zero" : "numbers too large")
        case (.success(let value), .success(let written)):
            if value == written { return nil }
            if let decimals = ArithmeticExpression.literalDecimals(equation.right), decimals > 0,
               Self.rounds(value, to: written, decimals: decimals)
            {
                return nil
            }
            if division == .exactOrTruncated, ArithmeticExpression.containsDivision(equation.left),
               ArithmeticExpression.literalDecimals(equation.right) == 0, written.isInteger,
               value.numerator / value.denominator == written.numerator
            {
                return nil
            }
            return "\(ArithmeticExpression.render(equation.left)) is \(Self.show(value)), not \(ArithmeticExpression.render(equation.right))"
        }
    }

    /// |value − written| ≤ ½·10^−decimals.
    static func rounds(_ value: ExactRational, to written: ExactRational, decimals: Int) -> Bool {
        guard decimals <= 15 else { return false }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        guard let difference = value.adding(written.negated()),
              let scaled = difference.multiplied(by: ExactRational(numerator: 2 * scale, denominator: 1)!)
        else {
            return abs(value.doubleValue - written.doubleValue) <= 0.5 / Double(scale) * (1 + 1e-9)
        }
        return scaled.numerator.magnitude <= scaled.denominator.magnitude
    }

    static func show(_ value: ExactRational) -> String {
        if value.isInteger { return value.description }
        let decimal = (value.doubleValue * 1e6).rounded() / 1e6
        return "\(value.description) ≈ \(decimal)"
    }
}

/// What ``ArithmeticChecker`` found in one solution.
public struct ArithmeticCheck: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        /// 1-based line of the solution.
        public var lineNumber: Int
        public var text: String
        public var isRight: Bool
        /// What is wrong, for a wrong step.
        public var problem: String?
    }

    public var steps: [Step]
    /// The final answer's text, when the solution states one.
    public var finalAnswer: String?
    public var score: Double
    public var details: String
}
