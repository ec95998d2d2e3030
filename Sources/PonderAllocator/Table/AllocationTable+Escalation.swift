extension AllocationTable {
    /// A second look for one tier: a request at the tier first runs the cell of a lower tier
    /// (`fromTier`), and when that search's answer is backed by fewer than `below` of its candidates
    /// (`Solution.agreement`), it runs the tier's own cell as well and answers with it.
    ///
    /// With `rounds`, the second look is the first cell again instead: up to `rounds` runs in all, each
    /// on a fresh seed, until the verifier-weighted vote over every round's candidates backs its winner
    /// with at least `below` of the score mass (`PooledVote`: a plain majority and its share when nothing
    /// is scored); once a later round has added answers the pooled vote answers, else the first search's
    /// own answer stands.
    /// Repeating a narrow search pools independent evidence, which on the doubtful problems is worth more
    /// than one wider search of the same size.
    ///
    /// Calibration adds one where that is about as accurate as always running the tier's own cells, for
    /// fewer tokens: the problems a cheap search gets wrong are mostly the ones it is split on, so only
    /// those pay for the wide search. Batch plans are costed up front and run the tier's own cells.
    public struct Escalation: Sendable, Hashable, Codable {
        public var tier: Int
        /// The tier whose cells run first.
        public var fromTier: Int
        /// Escalate when the agreement is below this (0 never, above 1 always).
        public var below: Double
        /// The share of searched calibration problems that escalated.
        public var rate: Double?
        /// The most runs of the first cell whose candidates are pooled (2 or more), or nil when the second
        /// look is the tier's own cell.
        public var rounds: Int?

        public init(tier: Int, fromTier: Int, below: Double, rate: Double? = nil, rounds: Int? = nil) {
            self.tier = tier
            self.fromTier = fromTier
            self.below = below
            self.rate = rate
            self.rounds = rounds
        }

        /// The most rounds a search may be run for, and the limit `--rounds` and the table accept.
        public static let maxRounds = 16

        /// Whether a search whose answer has this agreement should escalate.
        public func fires(agreement: Double) -> Bool { agreement < below - 1e-12 }

        enum CodingKeys: String, CodingKey {
            case tier, below, rate, rounds
            case fromTier = "from_tier"
        }
    }

    /// The escalation of a tier, if calibration gave it one.
    public func escalation(tier: Int) -> Escalation? {
        escalations.first { $0.tier == tier }
    }

    /// What a single request at a tier runs: the first cell, and the cell of the second look when the
    /// tier has one whose cell differs from the first. A second look in rounds repeats the first cell,
    /// so where that cell is the pilots' answer the tier runs its own cell and takes no second look.
    public func plannedCells(bin: Int, tier: Int) -> (first: Cell, second: Cell?, escalation: Escalation?) {
        let own = cell(bin: bin, tier: tier)
        guard let escalation = escalation(tier: own.tier) else { return (own, nil, nil) }
        var first = cell(bin: bin, tier: escalation.fromTier)
        first.tier = own.tier
        if escalation.rounds != nil { return first.answersFromPilots ? (own, nil, nil) : (first, first, escalation) }
        let second = own.answersFromPilots || own.preset == first.preset ? nil : own
        return (first, second, second == nil ? nil : escalation)
    }

    /// The largest tier up to `cap` whose first planned cell for `bin` is estimated to cost at most
    /// `tokens` (a second look is only taken when the budget still holds its cost), or nil when none does.
    public func largestPlannedTier(bin: Int, fitting tokens: Double, cap: Int = .max) -> Int? {
        tiers.last { $0 <= cap && (plannedCells(bin: bin, tier: $0).first.tokens ?? 0) <= tokens }
    }
}
