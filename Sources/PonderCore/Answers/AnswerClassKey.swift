/// What answers are grouped by in a vote: the canonical form where the answer has one, else the text
/// itself (an answer that canonicalises to nothing still forms a class of its own, as in a vote it must).
///
/// A concrete enum rather than `AnyHashable`: hashing and comparing it needs no dynamic casts or
/// metadata look-ups, which a vote over every search's candidates would pay for each time.
public enum AnswerClassKey: Hashable, Sendable {
    case canonical(CanonicalAnswer)
    case verbatim(String)

    public init(answer: String) {
        if let key = AnswerEquivalence.canonicalKey(for: answer) {
            self = .canonical(key)
        } else {
            self = .verbatim(answer)
        }
    }
}
