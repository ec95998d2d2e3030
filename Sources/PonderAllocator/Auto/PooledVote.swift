import PonderCore

/// How a second look in rounds answers: every round's answered candidates in one vote, weighted by the
/// verifier's scores, or a plain majority when no candidate has a score (a sampler without a verifier).
/// `auto` pools with it at run time and calibration with it on stored rounds, so both read the same vote.
public enum PooledVote {
    /// The answered candidates ranked by the vote (winning class first), and the share its winner holds:
    /// of the score mass (scores below zero count as zero), or of the candidates when none is scored.
    public static func tally(_ candidates: [Candidate]) -> (ranked: [Candidate], share: Double) {
        let answered = candidates.filter { $0.answer != nil }
        let scored = answered.contains { $0.score != nil }
        let ranked = scored ? Voting.nonNegativeWeighted(answered) : Voting.majority(answered)
        // The vote puts the winning class first, `votes` long.
        let winners = ranked.prefix(ranked.first?.votes ?? 0)
        guard scored else { return (ranked, answered.isEmpty ? 0 : Double(winners.count) / Double(answered.count)) }
        let mass = { (members: ArraySlice<Candidate>) in members.reduce(0) { $0 + max(0, $1.score ?? 0) } }
        let total = mass(answered[...])
        return (ranked, total > 0 ? mass(winners) / total : 0)
    }
}
