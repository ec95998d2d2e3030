/// How the `auto` strategy spent its compute on one prompt: what the probe saw, the difficulty bin it
/// put the prompt in, and the plan it ran. Stored with every run result and returned in the daemon's
/// `ponder` object, so every allocation can be audited afterwards.
public struct AllocationRecord: Sendable, Hashable, Codable {
    public var features: ProbeFeatures
    /// Predicted difficulty in [0, 1] (1 − the predicted chance that one sample is right).
    public var difficulty: Double
    /// The difficulty bin, 1 (easiest) to the table's bin count.
    public var bin: Int
    /// How the bin was chosen: `probe` (from the features) or `known` (an oracle given the true difficulty).
    public var binSource: String
    /// The budget tier the plan was taken from (nil on an early exit).
    public var tier: Int?
    /// The preset that ran after the probe, or nil when the pilots' answer was returned at once.
    public var plan: String?
    /// True when the pilots agreed so well that no further search was run.
    public var earlyExit: Bool
    /// What the probe cost (already part of the solution's usage).
    public var probeUsage: Usage
    /// Pilots the planned search took over as its own samples or first steps.
    public var pilotsReused: Int
    /// The share of the planned search's candidates that backed its answer, read when the tier has a
    /// second look (nil otherwise, and for batch plans, which take none); for a second look in rounds,
    /// the pooled vote's share (of the verifier's score) when the rounds stopped.
    public var agreement: Double?
    /// The preset run as a second look because that agreement was low, nil when there was none.
    public var escalatedTo: String?
    /// Rounds of the planned search whose candidates were pooled, when the tier's second look repeats it
    /// (1 when the first round was backed firmly enough); nil otherwise.
    public var rounds: Int?

    public init(
        features: ProbeFeatures, difficulty: Double, bin: Int, binSource: String = "probe", tier: Int? = nil,
        plan: String? = nil, earlyExit: Bool = false, probeUsage: Usage = .zero, pilotsReused: Int = 0
    ) {
        self.features = features
        self.difficulty = difficulty
        self.bin = bin
        self.binSource = binSource
        self.tier = tier
        self.plan = plan
        self.earlyExit = earlyExit
        self.probeUsage = probeUsage
        self.pilotsReused = pilotsReused
    }

    enum CodingKeys: String, CodingKey {
        case features, difficulty, bin, tier, plan
        case binSource = "bin_source"
        case earlyExit = "early_exit"
        case probeUsage = "probe_usage"
        case pilotsReused = "pilots_reused"
        case agreement
        case escalatedTo = "escalated_to"
        case rounds
    }
}
