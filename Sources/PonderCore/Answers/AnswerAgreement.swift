/// How firmly a search's candidates back its answer: the share of the candidates whose answer is
/// equivalent to the chosen one. A candidate without an answer counts against it; no candidates, or no
/// chosen answer, is no agreement at all.
///
/// The allocator's escalation reads this on a finished search, and calibration reads it on stored
/// results, so both go through this one function.
public enum AnswerAgreement {
    public static func share(of chosen: String?, among answers: [String?]) -> Double {
        guard let chosen, !answers.isEmpty else { return 0 }
        let key = AnswerEquivalence.canonicalKey(for: chosen)
        let agreeing = answers.reduce(0) { count, answer in
            guard let answer else { return count }
            if let key { return AnswerEquivalence.canonicalKey(for: answer) == key ? count + 1 : count }
            return answer == chosen ? count + 1 : count
        }
        return Double(agreeing) / Double(answers.count)
    }
}

extension Solution {
    /// The share of the candidates that agree with the answer (see `AnswerAgreement`).
    public var agreement: Double {
        AnswerAgreement.share(of: answer, among: candidates.map(\.answer))
    }
}
