/// One strategy as each proxy names it, at the same number of samples: a Ponder model id
/// (`PRESET@N/MODEL`) and an optillm one (`APPROACH-MODEL`), or a Ponder strategy with no optillm match.
public struct OptillmStrategyPair: Sendable, Encodable, Equatable {
    /// A short name for tables: `self-consistency N=5`.
    public var name: String
    /// Samples per request on each side.
    public var samples: Int
    /// Ponder's preset with its budget (`self-consistency@5`).
    public var ponderPreset: String
    /// optillm's approach (`self_consistency`); nil when optillm has none to match.
    public var optillmApproach: String?

    public init(name: String, samples: Int, ponderPreset: String, optillmApproach: String?) {
        self.name = name
        self.samples = samples
        self.ponderPreset = ponderPreset
        self.optillmApproach = optillmApproach
    }

    enum CodingKeys: String, CodingKey {
        case name, samples
        case ponderPreset = "ponder_preset", optillmApproach = "optillm_approach"
    }

    public func ponderModel(_ model: String) -> String { "\(ponderPreset)/\(model)" }

    public func optillmModel(_ model: String) -> String? { optillmApproach.map { "\($0)-\(model)" } }

    /// Pass-through: Ponder's `single` and optillm's `none`.
    public static let passThrough = OptillmStrategyPair(name: "pass-through", samples: 1, ponderPreset: "single", optillmApproach: "none")

    /// The multi-sample pairs: self-consistency at optillm's fixed 5 samples, best-of-n at `bestOfN`
    /// (optillm's `--best-of-n`; Ponder's `best-of-4` preset, a PRM's favourite, run at that budget),
    /// and Ponder's own `self-consistency` preset (8 samples), which optillm cannot match.
    public static func fanOut(bestOfN: Int) -> [OptillmStrategyPair] {
        [
            OptillmStrategyPair(
                name: "self-consistency N=\(OptillmFacts.selfConsistencySamples)", samples: OptillmFacts.selfConsistencySamples,
                ponderPreset: "self-consistency@\(OptillmFacts.selfConsistencySamples)", optillmApproach: "self_consistency"),
            OptillmStrategyPair(name: "best-of-n N=\(bestOfN)", samples: bestOfN, ponderPreset: "best-of-4@\(bestOfN)", optillmApproach: "bon"),
            OptillmStrategyPair(name: "self-consistency N=8", samples: 8, ponderPreset: "self-consistency@8", optillmApproach: nil),
        ]
    }
}
