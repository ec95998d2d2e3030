/// A final answer extracted from a solution text, with the rule that found it.
public struct ExtractedAnswer: Sendable, Hashable {
    /// The raw answer text (e.g. `\frac{1}{2}`); canonicalise it with ``AnswerCanonicalizer``
    /// or compare it with ``AnswerEquivalence``.
    public var text: String
    public var rule: AnswerExtractionRule

    public init(text: String, rule: AnswerExtractionRule) {
        self.text = text
        self.rule = rule
    }
}
