import Foundation
import PonderCore

/// Grades numbers within a tolerance: right when `|answer − reference| ≤ tolerance · max(1, |reference|)`,
/// i.e. an absolute tolerance for references below 1 and a relative one above.
///
/// Numbers are read the way the math grader reads them (`1,234`, `\frac{3}{4}`, `2.5e3`, `50%` as 50,
/// `12 cm`), falling back to a plain decimal; an answer that is no number is wrong.
public struct NumericGrader: AnswerGrader {
    public var tolerance: Double

    public init(tolerance: Double = GraderSpec.defaultNumericTolerance) {
        self.tolerance = tolerance
    }

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        let expected = reference.answer.flatMap(Self.value)
        let given = response.answer.flatMap(Self.value)
        var correct = false
        if let expected, let given { correct = abs(given - expected) <= tolerance * max(1, abs(expected)) }
        return Grade(correct: correct, answerCanonical: given.map(Self.text), referenceCanonical: expected.map(Self.text))
    }

    /// The number an answer states, nil when it states none.
    public static func value(of answer: String) -> Double? {
        if case .number(let number)? = AnswerCanonicalizer.canonicalize(answer), number.doubleValue.isFinite {
            return number.doubleValue
        }
        let plain = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Double(plain), value.isFinite else { return nil }
        return value
    }

    /// Whole numbers without a decimal point, others as Swift prints doubles (shortest round trip).
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
