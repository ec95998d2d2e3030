extension AllocationTable {
    /// A second look for one tier: the tier plans with the cells of a lower tier (`fromTier`), and when
    /// that search's answer is backed by fewer than `below` of its candidates (`Solution.agreement`),
    /// `preset` runs as well and its answer is returned.
    ///
    /// Calibration adds one where that is about as accurate as the tier's own cells for fewer tokens: the
    /// problems a cheap search gets wrong are mostly the ones it is split on, so only those pay for the
    /// wide search. The tier's own cells stay in the table: batch plans, which are costed up front and
    /// take no second looks, still choose from them.
    public struct Escalation: Sendable, Hashable, Codable {
        public var tier: Int
        /// The tier whose cells run first.
        public var fromTier: Int
        /// Escalate when the agreement is below this (0 never, above 1 always).
        public var below: Double
        /// A preset name or budget variant `preset@N`.
        public var preset: String
        /// Mean completion tokens of the preset on the calibration problems it was run on.
        public var tokens: Double?
        /// The share of searched calibration problems that escalated.
        public var rate: Double?

        public init(tier: Int, fromTier: Int, below: Double, preset: String, tokens: Double? = nil, rate: Double? = nil) {
            self.tier = tier
            self.fromTier = fromTier
            self.below = below
            self.preset = preset
            self.tokens = tokens
            self.rate = rate
        }

        /// Whether a search whose answer has this agreement should escalate.
        public func fires(agreement: Double) -> Bool { agreement < below - 1e-12 }

        enum CodingKeys: String, CodingKey {
            case tier, below, preset, tokens, rate
            case fromTier = "from_tier"
        }
    }

    /// The escalation of a tier, if calibration gave it one.
    public func escalation(tier: Int) -> Escalation? {
        escalations.first { $0.tier == tier }
    }

    /// The cell a single request plans with at a tier: the escalation's first cell when the tier has a
    /// second look, else the tier's own.
    public func plannedCell(bin: Int, tier: Int) -> Cell {
        let own = cell(bin: bin, tier: tier)
        guard let escalation = escalation(tier: own.tier) else { return own }
        var first = cell(bin: bin, tier: escalation.fromTier)
        first.tier = own.tier
        return first
    }

    /// The largest tier whose planned cell for `bin` is estimated to cost at most `tokens` (a second
    /// look is only taken when the budget still holds its cost), or nil when none does.
    public func largestPlannedTier(bin: Int, fitting tokens: Double) -> Int? {
        tiers.last { (plannedCell(bin: bin, tier: $0).tokens ?? 0) <= tokens }
    }
}
