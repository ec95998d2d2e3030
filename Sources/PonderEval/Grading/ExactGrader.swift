import Foundation

/// Grades by identical text once surrounding whitespace is trimmed: for labels, names and answers
/// where `0.5` and `1/2` must count as different.
public struct ExactGrader: AnswerGrader {
    public init() {}

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        let expected = Self.normalized(reference.answer ?? "")
        let given = response.answer.map(Self.normalized)
        return Grade(correct: given == expected, answerCanonical: given, referenceCanonical: expected)
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
