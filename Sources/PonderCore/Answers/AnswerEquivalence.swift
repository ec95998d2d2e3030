/// Decides whether two answers are the same, for voting and grading.
///
/// Two answers are equivalent when their ``CanonicalAnswer`` forms (see
/// ``AnswerCanonicalizer``) are equal, or, when at least one of them holds an approximate
/// number, when they agree everywhere except for numbers that are within ``relativeTolerance``.
///
/// **Tolerance rule.** Numbers compare exactly as rationals (`0.5` ≡ `\frac{1}{2}`,
/// `0.333` ≢ `\frac{1}{3}`). Only a decimal written with at least
/// ``AnswerCanonicalizer/approximateFractionDigits`` (6) digits after the point is taken as a
/// rounded value: it matches any number `y` with `|x − y| ≤ relativeTolerance · max(|x|, |y|)`
/// (`0.3333333` ≡ `\frac{1}{3}`, `3.14159265` ≡ `3.1415926536`). Since tolerance is not
/// transitive it cannot be part of a hash key: ``canonicalKey(for:)`` is exact, and
/// ``equivalenceClasses(of:)`` adds the tolerant merging on top of the dictionary grouping.
///
/// An answer that canonicalises to nothing (empty, only delimiters) is equivalent to nothing.
public enum AnswerEquivalence {
    /// Relative tolerance for approximate decimals (see the type documentation).
    public static let relativeTolerance = 1e-6

    /// The exact, hashable key of an answer (`nil` for an empty answer). Answers with equal keys
    /// are equivalent; group N answers in O(N) with a dictionary keyed by it.
    public static func canonicalKey(for answer: String) -> CanonicalAnswer? {
        AnswerCanonicalizer.canonicalize(answer)
    }

    public static func areEquivalent(_ a: String, _ b: String) -> Bool {
        if a == b { return canonicalKey(for: a) != nil }
        guard let keyA = canonicalKey(for: a), let keyB = canonicalKey(for: b) else { return false }
        return areEquivalent(keyA, keyB)
    }

    public static func areEquivalent(_ a: CanonicalAnswer, _ b: CanonicalAnswer) -> Bool {
        if a == b { return true }
        guard a.containsApproximateNumber || b.containsApproximateNumber else { return false }
        return tolerantlyEqual(a, b)
    }

    /// Groups answers into equivalence classes, as lists of indices into `answers`; classes and
    /// the indices inside them are in first-appearance order. Answers without a canonical form
    /// (empty) are left out.
    ///
    /// Exact keys are grouped with a dictionary in O(N). An answer holding an approximate number
    /// joins the first earlier class whose representative (its first answer) is equivalent
    /// within tolerance, and an exact answer also checks the classes started by approximate
    /// answers, so the cost is O(N + N·A) for A approximate classes.
    public static func equivalenceClasses(of answers: [String]) -> [[Int]] {
        var classes: [[Int]] = []
        var representatives: [CanonicalAnswer] = []
        var approximateClasses: [Int] = []
        var classOfKey: [CanonicalAnswer: Int] = [:]
        for (index, answer) in answers.enumerated() {
            guard let key = canonicalKey(for: answer) else { continue }
            if let existing = classOfKey[key] {
                classes[existing].append(index)
                continue
            }
            let isApproximate = key.containsApproximateNumber
            let candidates = isApproximate ? Array(representatives.indices) : approximateClasses
            if let match = candidates.first(where: { areEquivalent(representatives[$0], key) }) {
                classes[match].append(index)
                classOfKey[key] = match
                continue
            }
            classOfKey[key] = classes.count
            if isApproximate { approximateClasses.append(classes.count) }
            classes.append([index])
            representatives.append(key)
        }
        return classes
    }

    // MARK: - Tolerance

    static func tolerantlyEqual(_ a: CanonicalAnswer, _ b: CanonicalAnswer) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x == y || ((x.isApproximate || y.isApproximate) && isClose(x.doubleValue, y.doubleValue))
        case (.tuple(let leftA, let rightA, let elementsA), .tuple(let leftB, let rightB, let elementsB)):
            return leftA == leftB && rightA == rightB && pairwiseEqual(elementsA, elementsB)
        case (.union(let partsA), .union(let partsB)):
            return pairwiseEqual(partsA, partsB)
        case (.set(let elementsA), .set(let elementsB)):
            guard elementsA.count == elementsB.count else { return false }
            var unmatched = elementsB
            for element in elementsA {
                guard let match = unmatched.firstIndex(where: { tolerantlyEqual(element, $0) }) else { return false }
                unmatched.remove(at: match)
            }
            return true
        default:
            return a == b
        }
    }

    private static func pairwiseEqual(_ a: [CanonicalAnswer], _ b: [CanonicalAnswer]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { tolerantlyEqual($0, $1) }
    }

    static func isClose(_ x: Double, _ y: Double) -> Bool {
        guard x.isFinite, y.isFinite else { return false }
        return abs(x - y) <= relativeTolerance * max(abs(x), abs(y))
    }
}
