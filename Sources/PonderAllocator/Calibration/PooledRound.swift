import PonderCore

/// Rounds of one configuration on one problem, their answered candidates pooled in a weighted vote:
/// what a second look in rounds is fitted on.
public struct PooledRound: Sendable, Hashable {
    /// The share the pooled vote's winner holds (`PooledVote`).
    public var share: Double
    /// Whether the answer after these rounds is right: the first round's own answer, then the pooled vote's.
    public var correct: Bool
    /// Completion tokens of all these rounds.
    public var tokens: Double

    public init(share: Double, correct: Bool, tokens: Double) {
        self.share = share
        self.correct = correct
        self.tokens = tokens
    }

    /// One graded run of the configuration: its own answer's grade, its tokens, and its candidates with theirs.
    public struct Run: Sendable {
        public var correct: Bool
        public var tokens: Double
        public var candidates: [(candidate: Candidate, correct: Bool)]

        public init(correct: Bool, tokens: Double, candidates: [(candidate: Candidate, correct: Bool)]) {
            self.correct = correct
            self.tokens = tokens
            self.candidates = candidates
        }
    }

    /// Entry k: what the first k + 1 runs give, pooled as `auto` pools them at run time (`PooledVote`;
    /// the first run's own answer stands until a later run adds an answered candidate).
    public static func cumulative(_ runs: [Run]) -> [PooledRound] {
        var pool: [(candidate: Candidate, correct: Bool)] = []
        var tokens = 0.0
        var added = false
        return runs.enumerated().map { k, run in
            let answered = run.candidates.filter { $0.candidate.answer != nil }
            pool += answered
            if k > 0, !answered.isEmpty { added = true }
            tokens += run.tokens
            let (ranked, share) = PooledVote.tally(pool.map(\.candidate))
            // Until a later run adds an answer, the first run's own answer stands, as at run time.
            guard added else { return PooledRound(share: share, correct: runs[0].correct, tokens: tokens) }
            let winner = ranked.first?.answer.map(AnswerClassKey.init(answer:))
            let right = winner.map { key in pool.contains { $0.correct && $0.candidate.answer.map(AnswerClassKey.init(answer:)) == key } } ?? false
            return PooledRound(share: share, correct: right, tokens: tokens)
        }
    }
}
