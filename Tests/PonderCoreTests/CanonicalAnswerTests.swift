import PonderCore
import Testing

@Suite("Canonical answers")
struct CanonicalAnswerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let canonical: String
        var testDescription: String { "\(input) → \(canonical)" }
    }

    static let descriptions: [Case] = [
        Case(input: "007", canonical: "7"),
        Case(input: "-0", canonical: "0"),
        Case(input: "3.50", canonical: "7/2"),
        Case(input: "\\dfrac{-6}{4}", canonical: "-3/2"),
        Case(input: "1,234,567", canonical: "1234567"),
        Case(input: "12.5\\%", canonical: "25/2"),
        Case(input: "123456789012345678901234.500", canonical: "123456789012345678901234.5"),
        Case(input: "\\{3, 1, 2, 1\\}", canonical: "\\{1,2,3\\}"),
        Case(input: "\\left[ -1, \\frac{1}{2} \\right)", canonical: "[-1,1/2)"),
        Case(input: "(1,2) \\cup [3, \\infty)", canonical: "(1,2)\\cup [3,\\infty)"),
        Case(input: "2 \\cdot \\sqrt {3}", canonical: "2\\sqrt{3}"),
        Case(input: "\\pi \\cdot r^{2}", canonical: "\\pi r^2"),
        Case(input: "2 \\times 3", canonical: "2*3"),
        Case(input: "\\textbf{(C)}", canonical: "(C)"),
        Case(input: "No Solution.", canonical: "no solution"),
        Case(input: "x = 5\\text{ cm}", canonical: "5"),
        Case(input: "1.5 \\times 10^{-2}", canonical: "3/200"),
        Case(input: "⟨1, 2⟩", canonical: "\\langle 1,2\\rangle"),
        Case(input: "x = \\pm 3", canonical: "\\{-3,3\\}"),
    ]

    @Test("Canonical descriptions", arguments: descriptions)
    func description(_ testCase: Case) throws {
        let key = try #require(AnswerCanonicalizer.canonicalize(testCase.input))
        #expect(key.description == testCase.canonical)
    }

    @Test("Shapes of canonical answers")
    func shapes() throws {
        let half = try #require(ExactRational(numerator: 1, denominator: 2))
        #expect(AnswerCanonicalizer.canonicalize("0.5") == .number(CanonicalNumberFixture.exact(half)))
        #expect(AnswerCanonicalizer.canonicalize("(A)") == .choice("A"))
        #expect(AnswerCanonicalizer.canonicalize("Yes") == .word("yes"))
        #expect(AnswerCanonicalizer.canonicalize("\\sqrt2") == .expression("\\sqrt{2}"))
        #expect(AnswerCanonicalizer.canonicalize("\\emptyset") == .set([]))
        #expect(AnswerCanonicalizer.canonicalize("\\pm") == .expression("\\pm"))
        guard case .tuple(.square, .round, let elements)? = AnswerCanonicalizer.canonicalize("[1, 2)") else {
            Issue.record("[1, 2) is not a half-open interval")
            return
        }
        #expect(elements.count == 2)
        #expect(AnswerCanonicalizer.canonicalize("   ") == nil)
        #expect(AnswerCanonicalizer.canonicalize("$\\,$") == nil)
    }

    @Test("Approximate decimals are flagged by digit count")
    func approximateFlag() throws {
        func isApproximate(_ answer: String) throws -> Bool {
            guard case .number(let number)? = AnswerCanonicalizer.canonicalize(answer) else {
                Issue.record("\(answer) is not a number")
                return false
            }
            return number.isApproximate
        }
        #expect(try isApproximate("3.141593"))
        #expect(try isApproximate("-0.1234567"))
        #expect(try !isApproximate("3.14159"))
        #expect(try !isApproximate("1/3"))
        #expect(try !isApproximate("123456789"))
    }

    @Test("Huge values fall back to normalised text")
    func overflowFallback() throws {
        guard case .number(let number)? = AnswerCanonicalizer.canonicalize("-00012345678901234567890.10") else {
            Issue.record("not a number")
            return
        }
        #expect(number.value == .text("-12345678901234567890.1"))
        #expect(abs(number.doubleValue + 12345678901234567890.1) < 1e6)
    }
}

/// Builds expected numbers through the public API.
enum CanonicalNumberFixture {
    static func exact(_ rational: ExactRational) -> CanonicalNumber {
        guard case .number(let number)? = AnswerCanonicalizer.canonicalize(rational.description) else {
            fatalError("\(rational) does not canonicalise to a number")
        }
        return number
    }
}
