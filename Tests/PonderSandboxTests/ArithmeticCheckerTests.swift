import PonderCore
import PonderSandbox
import Testing

@Suite("Arithmetic checker")
struct ArithmeticCheckerTests {
    let problem = Problem(question: "Start with 17. Add 5. Multiply the result by 3. Subtract 4. What is the result?")

    static let right = """
        Step 1: 17 + 5 = 22

        Step 2: 22 × 3 = 66

        Step 3: 66 - 4 = 62

        The answer is \\boxed{62}.
        """

    @Test("A right solution scores 1, with usage of no calls")
    func rightSolution() async throws {
        let output = try await ArithmeticChecker().scoreSolution(problem, solution: Self.right)
        #expect(output.value.score == 1)
        #expect(output.value.details == "3 of 3 steps right")
        #expect(output.usage == Usage(calls: 0))
    }

    @Test("A wrong step lowers the score, and the details name it")
    func wrongStep() async throws {
        let solution = Self.right.replacingOccurrences(of: "22 × 3 = 66", with: "22 × 3 = 64")
        let output = try await ArithmeticChecker().scoreSolution(problem, solution: solution)
        #expect(output.value.score < 1)
        #expect(abs(output.value.score - 2.0 / 3.0) < 1e-9)
        #expect(output.value.details?.contains("line 3") == true, "\(output.value.details ?? "")")
        #expect(output.value.details?.contains("22 × 3 is 66, not 64") == true, "\(output.value.details ?? "")")

        let strict = try await ArithmeticChecker(scoring: .allOrNothing).scoreSolution(problem, solution: solution)
        #expect(strict.value.score == 0)
    }

    @Test("It checks the arithmetic written, not a reference answer")
    func consistentButWrongAnswer() {
        // Right arithmetic on a misread problem still scores 1: the checker has no reference.
        let solution = "Step 1: 17 + 6 = 23\nStep 2: 23 × 3 = 69\nThe answer is \\boxed{69}."
        #expect(ArithmeticChecker().check(solution).score == 1)
    }

    @Test("No final answer scores 0")
    func noFinalAnswer() {
        let solution = "Step 1: 17 + 5 = 22\nStep 2: 22 × 3 = 66"
        let result = ArithmeticChecker().check(solution)
        #expect(result.score == 0)
        #expect(result.details == "no final answer")
        #expect(result.steps.count == 2)
        #expect(result.steps.allSatisfy { $0.isRight })
    }

    @Test("No steps scores 0")
    func noSteps() {
        #expect(ArithmeticChecker().check("The answer is \\boxed{62}.").score == 0)
    }

    @Test("Operators + - × ÷ * / x and precedence, parentheses, signs")
    func operators() {
        let checker = ArithmeticChecker()
        let lines = [
            "Step 1: 6 * 7 = 42", "Step 2: 42 / 6 = 7", "Step 3: 7 x 3 = 21", "Step 4: 21 ÷ 7 = 3",
            "Step 5: 3 − 10 = -7", "Step 6: 2 + 3 × 4 = 14", "Step 7: (2 + 3) × 4 = 20", "Step 8: -4 × -2 = 8",
            "**Step 9:** $12 \\times 3 = 36$", "Step 10: 1,000 + 234 = 1,234", "Step 11: 7 ÷ 2 = 3.5",
            "Step 12: 10 ÷ 3 = 3.33", "Step 13: 2 × 3 = 6 = 12 ÷ 2", "Answer: 6",
        ]
        let result = checker.check(lines.joined(separator: "\n"))
        #expect(result.steps.count == 13)
        #expect(result.score == 1, "\(result.details)")
        #expect(result.finalAnswer == "6")
    }

    @Test("Each kind of wrong step is caught")
    func wrongKinds() {
        let checker = ArithmeticChecker()
        for line in [
            "Step 1: 2 + 3 × 4 = 20", "Step 1: 10 ÷ 3 = 3.3334", "Step 1: 10 ÷ 3 = 3.34", "Step 1: 10 ÷ 3 = 3", "Step 1: 7 ÷ 2 = 3",
            "Step 1: 5 ÷ 0 = 0", "Step 1: 2 × 3 = 6 = 7", "Step 1: 99999999999 × 99999999999 = 1",
        ] {
            let result = checker.check(line + "\nThe answer is \\boxed{1}.")
            #expect(result.steps.count == 1, "\(line)")
            #expect(result.score == 0, "\(line): \(result.details)")
        }
        // Truncating division is accepted when asked for.
        #expect(ArithmeticChecker(division: .exactOrTruncated).check("Step 1: 7 ÷ 2 = 3\nAnswer: 3").score == 1)
        #expect(ArithmeticChecker(division: .exactOrTruncated).check("Step 1: 7 × 2 = 15\nAnswer: 15").score == 0)
    }

    @Test("Text that is not arithmetic is ignored")
    func prose() {
        let solution = """
            Let x = 5 be the start, so the result = x.
            Step 1: 5 + 5 = 10
            In 3 days, 5 × 2 = 10 apples.
            The answer is 10.
            """
        let result = ArithmeticChecker().check(solution)
        #expect(result.steps.count == 2, "\(result.steps)")
        #expect(result.score == 1)
    }

    @Test("A sim-written solution with one slipped step")
    func simStyle() {
        let solution = "Step 1: 40 + 2 = 42\n\nStep 2: 42 ÷ 6 = 7\n\nStep 3: 7 × 5 = 36\n\nStep 4: 36 - 1 = 35\n\nThe answer is \\boxed{35}."
        let result = ArithmeticChecker().check(solution)
        #expect(result.score == 0.75)
        #expect(result.steps.map(\.isRight) == [true, true, false, true])
        #expect(result.steps[2].lineNumber == 5)
    }
}
