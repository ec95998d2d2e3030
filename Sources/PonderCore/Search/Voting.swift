/// Picking the final answer from candidates: by score, by majority, or by verifier-weighted vote.
///
/// Answers are grouped by `AnswerEquivalence.canonicalKey`, so `0.5` and `\frac{1}{2}` vote together.
/// Ties go to the class seen first, as in the reference implementations.
public enum Voting {
    /// Candidates sorted by score, highest first (unscored last, stable).
    public static func rankByScore(_ candidates: [Candidate]) -> [Candidate] {
        candidates.enumerated()
            .sorted { lhs, rhs in
                let a = lhs.element.score ?? -.infinity
                let b = rhs.element.score ?? -.infinity
                return a != b ? a > b : lhs.offset < rhs.offset
            }
            .map(\.element)
    }

    /// Majority vote: candidates of the largest answer class first, each class ordered by score.
    /// `votes` is set to the class size on every candidate.
    public static func majority(_ candidates: [Candidate]) -> [Candidate] {
        rankClasses(candidates) { members in Double(members.count) }
    }

    /// Weighted (verifier) vote: the class whose candidates' scores sum highest wins.
    public static func weighted(_ candidates: [Candidate]) -> [Candidate] {
        rankClasses(candidates) { members in members.reduce(0) { $0 + ($1.score ?? 0) } }
    }

    /// Weighted vote with scores below zero counted as zero, so the winning class is also the one with
    /// the largest share of the (non-negative) score mass.
    public static func nonNegativeWeighted(_ candidates: [Candidate]) -> [Candidate] {
        rankClasses(candidates) { members in members.reduce(0) { $0 + max(0, $1.score ?? 0) } }
    }

    /// The share of the largest answer class among candidates that have an answer.
    public static func agreement(_ candidates: [Candidate]) -> Double {
        let answered = candidates.filter { $0.answer != nil }
        guard !answered.isEmpty else { return 0 }
        return Double(majority(answered).first?.votes ?? 0) / Double(answered.count)
    }

    private static func rankClasses(_ candidates: [Candidate], weight: ([Candidate]) -> Double) -> [Candidate] {
        var classOf: [AnswerClassKey: Int] = [:]
        var classes: [[Candidate]] = []
        var unanswered: [Candidate] = []
        for candidate in candidates {
            guard let answer = candidate.answer else {
                unanswered.append(candidate)
                continue
            }
            let key = AnswerClassKey(answer: answer)
            if let index = classOf[key] {
                classes[index].append(candidate)
            } else {
                classOf[key] = classes.count
                classes.append([candidate])
            }
        }
        let ranked = classes.enumerated()
            .map { (order: $0.offset, members: $0.element, weight: weight($0.element)) }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }
        var result: [Candidate] = []
        result.reserveCapacity(candidates.count)
        for group in ranked {
            for var candidate in rankByScore(group.members) {
                candidate.votes = group.members.count
                result.append(candidate)
            }
        }
        return result + rankByScore(unanswered)
    }
}
