/// Which rule of ``AnswerExtractor`` produced an answer, from most to least reliable.
public enum AnswerExtractionRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// The content of the last `\boxed{…}` or `\fbox{…}`.
    case boxed
    /// The text after the last "The answer is …", "The final answer is …" or "Answer: …".
    case answerPhrase
    /// Fallback: the last number anywhere in the text.
    case lastNumber

    /// True for the low-confidence fallback rule, which callers may want to down-weight.
    public var isFallback: Bool { self == .lastNumber }
}
