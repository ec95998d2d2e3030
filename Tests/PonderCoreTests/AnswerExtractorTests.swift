import PonderCore
import Testing

@Suite("Answer extraction")
struct AnswerExtractorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let solution: String
        let answer: String?
        let rule: AnswerExtractionRule?
        var testDescription: String { solution.count > 60 ? String(solution.prefix(60)) + "…" : solution }

        init(_ solution: String, _ answer: String?, _ rule: AnswerExtractionRule?) {
            self.solution = solution
            self.answer = answer
            self.rule = rule
        }
    }

    static let cases: [Case] = [
        // Boxed: nesting, several boxes, escaped braces, \fbox, truncation.
        Case("So the result is $\\boxed{\\frac{1}{2}}$.", "\\frac{1}{2}", .boxed),
        Case("First \\boxed{3}, then on reflection \\boxed{5}.", "5", .boxed),
        Case("Thus $\\boxed{\\boxed{7}}$", "7", .boxed),
        Case("\\boxed{x = \\boxed{3} + 1}", "x = \\boxed{3} + 1", .boxed),
        Case("The set is \\boxed{\\{1, 2\\}}.", "\\{1, 2\\}", .boxed),
        Case("\\boxed{\\left( \\frac{\\sqrt{3}}{2}, \\frac{1}{2} \\right)}", "\\left( \\frac{\\sqrt{3}}{2}, \\frac{1}{2} \\right)", .boxed),
        Case("We get \\fbox{9} in the end", "9", .boxed),
        Case("Answer: \\boxed{4}. Wait, maybe \\boxed{5", "4", .boxed),
        Case("Empty \\boxed{} then \\boxed{ 12 }", "12", .boxed),
        Case("The answer is 3.\n\nFinal: $\\boxed{4}$", "4", .boxed),
        Case("so $\\boxed 5$", "5", .boxed),
        Case("\\\\boxed{8} (escaped in JSON)", "8", .boxed),
        // Answer phrases.
        Case("Adding them up, the answer is 42.", "42", .answerPhrase),
        Case("The answer is $42$.", "42", .answerPhrase),
        Case("So the final answer is \\frac{1}{2}.", "\\frac{1}{2}", .answerPhrase),
        Case("Reasoning...\nAnswer: 3.5", "3.5", .answerPhrase),
        Case("**Answer:** 17\nSome more text 99", "17", .answerPhrase),
        Case("The final answer is:\n\n  12\n", "12", .answerPhrase),
        Case("The answer is $x = 3.5$ meters.", "x = 3.5", .answerPhrase),
        Case("I think the answer is (B). The answer is (C).", "(C)", .answerPhrase),
        Case("The answer is \\(\\frac{3}{4}\\).", "\\frac{3}{4}", .answerPhrase),
        Case("The answer is **7**.", "7", .answerPhrase),
        Case("FINAL ANSWER: yes", "yes", .answerPhrase),
        Case("The answer is 5, which is odd.", "5", .answerPhrase),
        Case("The answer is 1, 2, and 3.", "1, 2, and 3", .answerPhrase),
        Case("The answer is (1, 2), as claimed.", "(1, 2)", .answerPhrase),
        // Last-number fallback.
        Case("We get 3 apples and then 12.5 more.", "12.5", .lastNumber),
        Case("The total is 1,234.", "1,234", .lastNumber),
        Case("so x = -7", "-7", .lastNumber),
        Case("compute 5-3", "3", .lastNumber),
        Case("ratio 3/4 overall", "3/4", .lastNumber),
        Case("value .5 and x2", ".5", .lastNumber),
        // Nothing.
        Case("I don't know.", nil, nil),
        Case("", nil, nil),
        Case("\\boxed{} answer:", nil, nil),
    ]

    @Test("Extraction", arguments: cases)
    func extraction(_ testCase: Case) {
        let extracted = AnswerExtractor.extract(from: testCase.solution)
        #expect(extracted?.text == testCase.answer)
        #expect(extracted?.rule == testCase.rule)
    }

    @Test("Rule helpers and fallback flag")
    func helpers() {
        #expect(AnswerExtractor.lastBoxedContent(in: "a \\boxed{1} b \\boxed{2}") == "2")
        #expect(AnswerExtractor.lastBoxedContent(in: "no box 5") == nil)
        #expect(AnswerExtractor.answerPhraseContent(in: "The answer is 6. Then 7.") == "6")
        #expect(AnswerExtractor.lastNumber(in: "1 then 2 then 3") == "3")
        #expect(AnswerExtractionRule.lastNumber.isFallback)
        #expect(!AnswerExtractionRule.boxed.isFallback)
        #expect(!AnswerExtractionRule.answerPhrase.isFallback)
    }

    @Test("Extracted answers feed equivalence")
    func extractedAnswersCompare() throws {
        let a = try #require(AnswerExtractor.extract(from: "Hence $\\boxed{\\dfrac{1}{2}}$."))
        let b = try #require(AnswerExtractor.extract(from: "The answer is 0.5."))
        let c = try #require(AnswerExtractor.extract(from: "I got 2 in the end"))
        #expect(AnswerEquivalence.areEquivalent(a.text, b.text))
        #expect(!AnswerEquivalence.areEquivalent(a.text, c.text))
    }
}
