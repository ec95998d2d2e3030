import PonderCore

/// How a second look in rounds answers: every round's answered candidates in one vote, weighted by the
/// verifier's scores, or a plain majority when no candidate has a score (a sampler without a verifier).
/// `auto` pools with it at run time and calibration with it on stored rounds, so both read the same vote.
public enum PooledVote {
    /// The answered candidates ranked by the vote (winning class first), and the share its winner holds:
    /// of the score mass (`Voting.weightedShare`), or of the candidates when none is scored.
    public static func tally(_ candidates: [Candidate]) -> (ranked: [Candidate], share: Double) {
        let answered = candidates.filter { $0.answer != nil }
        guard answered.contains(where: { $0.score != nil }) else { return (Voting.majority(answered), Voting.agreement(answered)) }
        return (Voting.nonNegativeWeighted(answered), Voting.weightedShare(answered))
    }
}
