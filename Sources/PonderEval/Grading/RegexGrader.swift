import Foundation

/// Grades with a pattern: the reference is a regular expression (Swift `Regex` syntax, much like
/// PCRE) that the whole trimmed answer must match, e.g. `(?i)paris`, `-?0*42(\.0+)?`. Use `.*` on
/// either side to accept the pattern anywhere.
public struct RegexGrader: AnswerGrader {
    public init() {}

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        let pattern = reference.answer ?? ""
        let given = response.answer.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let regex = Self.compile(pattern) else {
            throw GradingError(message: "the reference '\(pattern)' is not a valid regular expression")
        }
        let correct = given.map { (try? regex.wholeMatch(in: $0)) != nil } ?? false
        return Grade(correct: correct, answerCanonical: given, referenceCanonical: pattern)
    }

    static func compile(_ pattern: String) -> Regex<AnyRegexOutput>? {
        try? Regex(pattern)
    }
}
