import PonderCore

/// A preset resolved to a strategy, ready to run after the probe. The engine builds these; the
/// allocator only names presets.
public struct PlannedSearch: Sendable {
    public var name: String
    public var strategy: any Strategy
    public var stepDelimiter: String
    /// The preset's own programmatic verifier, when it has one (it replaces the context's outcome scorer).
    public var verifier: (any OutcomeScorer)?
    /// The preset's own programmatic step verifier, when it has one (it replaces the context's step scorer).
    public var stepVerifier: (any StepScorer)?

    public init(
        name: String, strategy: any Strategy, stepDelimiter: String, verifier: (any OutcomeScorer)? = nil,
        stepVerifier: (any StepScorer)? = nil
    ) {
        self.name = name
        self.strategy = strategy
        self.stepDelimiter = stepDelimiter
        self.verifier = verifier
        self.stepVerifier = stepVerifier
    }
}

/// What a batch allocator decided for one problem before it runs: the probe it already made and the plan.
public struct PreparedAllocation: Sendable {
    public enum Plan: Sendable, Hashable {
        /// Answer with the pilots' vote.
        case pilots(earlyExit: Bool)
        /// Run a preset (a cell of the table) at a tier.
        case preset(String, tier: Int)
    }

    public var probe: ProbeOutcome
    public var bin: Int
    public var difficulty: Double
    public var plan: Plan

    public init(probe: ProbeOutcome, bin: Int, difficulty: Double, plan: Plan) {
        self.probe = probe
        self.bin = bin
        self.difficulty = difficulty
        self.plan = plan
    }
}
