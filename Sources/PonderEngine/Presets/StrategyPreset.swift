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
    /// A programmatic verifier that judges whole solutions (the outcome scorer), instead of a judge model.
    public var verifier: VerifierSpec?
    /// A programmatic verifier that scores each step (the step scorer), instead of a process reward model.
    public var stepVerifier: StepVerifierSpec?
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

/// A preset's programmatic step verifier.
public enum StepVerifierSpec: String, Sendable, Hashable, CaseIterable {
    /// A step scores 1 when every equation written in it holds (or it writes none), 0 when one does not.
    case arithmetic
}

/// A preset's programmatic verifier: the arithmetic checker, or a command run in the sandbox.
public enum VerifierSpec: Sendable, Hashable {
    /// Checks the arithmetic a solution wrote (all steps right and an answer given ⇒ 1).
    case arithmetic
    /// A command that reads the solution (stdin, or a file of the given name) in the sandbox; exit 0
    /// scores 1, or the last stdout line's number when `scoreFromLastLine`.
    case command(arguments: [String], inputFile: String?, scoreFromLastLine: Bool, timeoutSeconds: Double, memoryMB: Int)
}
