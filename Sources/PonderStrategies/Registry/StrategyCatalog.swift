import PonderCore

/// Every strategy kind Ponder knows, and how to build one from a preset's parameters.
public enum StrategyCatalog {
    public struct Entry: Sendable {
        public let kind: String
        public let summary: String
        let build: @Sendable (StrategyParameters.Reader) throws -> any Strategy
    }

    public static let entries: [Entry] = samplingEntries + stepSearchEntries + [mcts, treeOfThought]

    static let samplingEntries: [Entry] = [
        Entry(kind: "single", summary: "one sample (greedy unless a temperature is set)") { p in
            SingleSample(
                temperature: try p.double("temperature", default: 0, range: 0...2),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072))
        },
        Entry(kind: "best-of-n", summary: "N samples; the verifier's highest-scored wins") { p in
            BestOfN(
                n: try p.int("n", default: 4, range: 1...1024),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072),
                scorer: try p.choice("scorer", default: SolutionScorerKind.prm),
                aggregation: try p.choice("aggregation", default: StepAggregation.last))
        },
        Entry(kind: "self-consistency", summary: "N samples; the most common answer wins (optionally stops early)") { p in
            SelfConsistency(
                n: try p.int("n", default: 8, range: 1...1024),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072),
                adaptive: try p.bool("adaptive", default: false),
                batchSize: try p.int("batch_size", default: 4, range: 1...1024))
        },
        Entry(kind: "weighted-vote", summary: "N samples; the answer with the highest summed verifier score wins") { p in
            WeightedVote(
                n: try p.int("n", default: 8, range: 1...1024),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072),
                scorer: try p.choice("scorer", default: SolutionScorerKind.prm),
                aggregation: try p.choice("aggregation", default: StepAggregation.last))
        },
    ]

    /// The parameter that sets how much compute a kind spends (samples, paths, particles, width or
    /// iterations): what a budget variant `preset@N` sets, and what calibration sweeps. Nil for kinds
    /// without one (`single`, `tot`).
    public static func budgetParameter(kind: String) -> String? {
        switch kind {
        case "best-of-n", "self-consistency", "weighted-vote", "beam", "dvts": return "n"
        case "particle-filter": return "particles"
        case "rebase": return "width"
        case "mcts": return "iterations"
        default: return nil
        }
    }

    public static func entry(kind: String) -> Entry? {
        entries.first { $0.kind == kind }
    }

    /// Builds a strategy; unknown kinds and parameters are errors that name them.
    public static func make(kind: String, parameters: StrategyParameters) throws -> any Strategy {
        guard let entry = entry(kind: kind) else {
            throw StrategyError.invalidParameter(
                name: "kind", reason: "unknown strategy kind '\(kind)'; known: \(entries.map(\.kind).joined(separator: ", "))")
        }
        let reader = StrategyParameters.Reader(parameters)
        let strategy = try entry.build(reader)
        try reader.rejectUnknown(kind: kind)
        try (strategy as? any ParameterChecked)?.validate()
        return strategy
    }
}

/// A strategy whose parameters constrain each other (n a multiple of the beam width, …): checked when
/// the catalog builds it, so a bad preset or budget variant fails when loaded, not at its first search.
protocol ParameterChecked {
    func validate() throws
}

extension StepBeamSearch: ParameterChecked {}
extension DiverseVerifierTreeSearch: ParameterChecked {}
extension ParticleFilter: ParameterChecked {}
extension RewardBalancedSearch: ParameterChecked {}
