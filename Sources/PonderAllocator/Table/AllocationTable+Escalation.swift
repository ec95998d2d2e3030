extension AllocationTable {
    /// A second look for one tier: when the planned search's answer is backed by fewer than `below` of
    /// its candidates (`Solution.agreement`), `preset` runs as well and its answer is returned.
    ///
    /// Calibration adds one where running the previous tier's cells and escalating their doubtful answers
    /// is about as accurate as the tier's own cells for fewer tokens: the problems a cheap search gets
    /// wrong are mostly the ones it is split on, so only those pay for the wide search.
    public struct Escalation: Sendable, Hashable, Codable {
        public var tier: Int
        /// Escalate when the agreement is below this (0 never, above 1 always).
        public var below: Double
        /// A preset name or budget variant `preset@N`.
        public var preset: String
        /// Mean completion tokens of the preset on the calibration problems it was run on.
        public var tokens: Double?
        /// The share of searched calibration problems that escalated.
        public var rate: Double?

        public init(tier: Int, below: Double, preset: String, tokens: Double? = nil, rate: Double? = nil) {
            self.tier = tier
            self.below = below
            self.preset = preset
            self.tokens = tokens
            self.rate = rate
        }

        /// Whether a search whose answer has this agreement should escalate.
        public func fires(agreement: Double) -> Bool { agreement < below - 1e-12 }
    }

    /// The escalation of a tier, if calibration gave it one.
    public func escalation(tier: Int) -> Escalation? {
        escalations.first { $0.tier == tier }
    }
}
