import PonderStrategies

/// The parameters of an `auto` preset: which allocation table, and the largest tier a plan may take.
public struct AutoParameters: Sendable, Hashable {
    /// A table file: a path, or a name under `Configs/`.
    public var table: String
    /// The largest budget tier a plan may come from; nil (absent or 0) takes the table's largest.
    public var tier: Int?

    public static let kind = "auto"

    public static func read(_ parameters: StrategyParameters) throws -> AutoParameters {
        let reader = StrategyParameters.Reader(parameters)
        let table = try reader.string("table", default: "allocation-sim.yaml")
        let tier = try reader.int("tier", default: 0, range: 0...1_000_000)
        try reader.rejectUnknown(kind: kind)
        return AutoParameters(table: table, tier: tier == 0 ? nil : tier)
    }
}

/// The parameters of a `probe` preset: the probe settings alone (what `ponder calibrate` runs first).
public enum ProbeParameters {
    public static let kind = "probe"

    public static func read(_ parameters: StrategyParameters) throws -> ProbeSettings {
        let reader = StrategyParameters.Reader(parameters)
        let settings = ProbeSettings(
            samples: try reader.int("samples", default: 4, range: 1...256),
            maxTokens: try reader.int("max_tokens", default: 1024, range: 1...131_072),
            temperature: try reader.double("temperature", default: 0.8, range: 0...2))
        try reader.rejectUnknown(kind: kind)
        return settings
    }
}
