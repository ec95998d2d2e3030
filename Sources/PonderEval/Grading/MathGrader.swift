import PonderCore

/// Grades by mathematical equivalence, the rules voting uses (``AnswerEquivalence``): canonical forms
/// are compared, so `\frac{1}{2}` ≡ `0.5`, `x = 3` ≡ `3`, `\{1, 2\}` ≡ `2, 1`, and long decimals match
/// within a relative 1e-6.
public struct MathGrader: AnswerGrader {
    public init() {}

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        Self.grade(answer: response.answer, reference: reference.answer ?? "")
    }

    /// The grade without the async envelope (used by `ponder grade` too).
    public static func grade(answer: String?, reference: String) -> Grade {
        let correct = answer.map { AnswerEquivalence.areEquivalent($0, reference) } ?? false
        return Grade(correct: correct, answerCanonical: answer.flatMap(canonical), referenceCanonical: canonical(reference))
    }

    /// The canonical form's text, nil for an answer that canonicalises to nothing.
    public static func canonical(_ answer: String) -> String? {
        AnswerEquivalence.canonicalKey(for: answer)?.description
    }
}
