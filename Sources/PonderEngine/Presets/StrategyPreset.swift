import PonderStrategies

/// A named strategy configuration from `Strategies/*.yaml`: the kind, its parameters, the prompt
/// template and the step delimiter. Users add presets without recompiling.
public struct StrategyPreset: Sendable {
    public var name: String
    public var kind: String
    public var summary: String
    public var parameters: StrategyParameters
    /// A folder under `Prompts/` holding `system.mustache` and `user.mustache`.
    public var prompt: String
    public var stepDelimiter: String
    /// The file it came from, for messages.
    public var file: String

    public init(
        name: String, kind: String, summary: String, parameters: StrategyParameters = .init(), prompt: String = "solve",
        stepDelimiter: String = "\n\n", file: String = "(built in)"
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.prompt = prompt
        self.stepDelimiter = stepDelimiter
        self.file = file
    }
}
