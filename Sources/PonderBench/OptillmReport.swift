/// Everything `ponder bench optillm` measured, with the targets judged: the JSON document written to
/// `--out`, and (see `table`) the markdown printed.
public struct OptillmReport: Sendable, Encodable {
    public var settings: OptillmSettings
    public var machine: OptillmMachine
    public var passThrough: [OptillmPassThroughLevel] = []
    public var fanOut: [OptillmLoadResult] = []
    public var delayed: OptillmDelayedPart?
    public var scale: OptillmScaleResult?
    public var accuracy: OptillmAccuracyPart?
    public var wallSeconds: Double = 0
    /// Where optillm's output went, one file per process.
    public var optillmLogs: [String] = []

    public init(settings: OptillmSettings, machine: OptillmMachine) {
        self.settings = settings
        self.machine = machine
    }

    /// The targets of issue 8, judged on this report's figures.
    public var targets: [OptillmTarget] { OptillmTarget.evaluate(self) }

    enum CodingKeys: String, CodingKey {
        case settings, machine, delayed, scale, accuracy, targets
        case passThrough = "pass_through", fanOut = "fan_out", wallSeconds = "wall_seconds", optillmLogs = "optillm_logs"
        case optillmVersion = "optillm_version", optillmFacts = "optillm_facts"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(settings, forKey: .settings)
        try c.encode(machine, forKey: .machine)
        try c.encode(OptillmFacts.version, forKey: .optillmVersion)
        try c.encode(
            [
                "self_consistency_samples": OptillmFacts.selfConsistencySamples, "bon_default_n": OptillmFacts.defaultBestOfN,
                "bon_n_this_run": settings.bestOfN,
            ], forKey: .optillmFacts)
        try c.encode(passThrough, forKey: .passThrough)
        try c.encode(fanOut, forKey: .fanOut)
        try c.encode(delayed, forKey: .delayed)
        try c.encode(scale, forKey: .scale)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(optillmLogs, forKey: .optillmLogs)
        try c.encode(targets, forKey: .targets)
    }
}
