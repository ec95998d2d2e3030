/// The canonical form of an answer: two answers are equivalent (exactly) when their canonical
/// forms are equal, and the value is `Hashable`, so voting can group answers with a dictionary.
///
/// Produced by ``AnswerCanonicalizer/canonicalize(_:)``; see ``AnswerEquivalence`` for the
/// comparison rules, including the tolerance applied to approximate decimals.
public indirect enum CanonicalAnswer: Sendable, Hashable, CustomStringConvertible {
    /// A number (exact rational, or normalised text when it does not fit in `Int64`).
    case number(CanonicalNumber)
    /// A multiple-choice letter, `"A"` … `"J"`, from `A`, `(A)`, `A)`, `\text{(A)}`, `(A) 12`.
    case choice(String)
    /// One or more words of ASCII letters, lowercased, single-spaced: `yes`, `no solution`.
    case word(String)
    /// Anything else, in the syntactic normal form of ``ExpressionNormalizer``.
    case expression(String)
    /// A tuple, interval or vector. Bracket kinds matter: `(1,2)`, `[1,2]`, `[1,2)`,
    /// `\langle 1,2\rangle` all differ.
    case tuple(left: Bracket, right: Bracket, elements: [CanonicalAnswer])
    /// A set `\{…\}`, or a bare comma-separated list `1, 2`: sorted and without duplicates,
    /// so order does not matter.
    case set([CanonicalAnswer])
    /// A union of parts joined by `\cup`, in the order written.
    case union([CanonicalAnswer])

    public enum Bracket: Sendable, Hashable {
        /// `(` or `)`
        case round
        /// `[` or `]`
        case square
        /// `\langle` or `\rangle` (vectors)
        case angle

        var opening: String {
            switch self {
            case .round: "("
            case .square: "["
            case .angle: "\\langle "
            }
        }

        var closing: String {
            switch self {
            case .round: ")"
            case .square: "]"
            case .angle: "\\rangle"
            }
        }
    }

    public var description: String {
        switch self {
        case .number(let number):
            return number.description
        case .choice(let letter):
            return "(\(letter))"
        case .word(let word):
            return word
        case .expression(let expression):
            return expression
        case .tuple(let left, let right, let elements):
            let body = elements.map(\.description).joined(separator: ",")
            return left.opening + body + right.closing
        case .set(let elements):
            return "\\{" + elements.map(\.description).joined(separator: ",") + "\\}"
        case .union(let parts):
            return parts.map(\.description).joined(separator: "\\cup ")
        }
    }

    /// Whether any number inside is approximate (see ``CanonicalNumber/isApproximate``).
    public var containsApproximateNumber: Bool {
        switch self {
        case .number(let number): number.isApproximate
        case .choice, .word, .expression: false
        case .tuple(_, _, let elements), .set(let elements), .union(let elements):
            elements.contains(where: \.containsApproximateNumber)
        }
    }

    /// Set elements in canonical order (by description, then by kind) without duplicates.
    static func setElements(_ elements: [CanonicalAnswer]) -> [CanonicalAnswer] {
        let decorated = elements.map { (key: $0.description, rank: $0.kindRank, element: $0) }
            .sorted { $0.key != $1.key ? $0.key < $1.key : $0.rank < $1.rank }
        var result: [CanonicalAnswer] = []
        result.reserveCapacity(decorated.count)
        for item in decorated where result.last != item.element {
            result.append(item.element)
        }
        return result
    }

    private var kindRank: Int {
        switch self {
        case .number: 0
        case .choice: 1
        case .word: 2
        case .expression: 3
        case .tuple: 4
        case .set: 5
        case .union: 6
        }
    }
}
