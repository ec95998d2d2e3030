/// Scores each step of a (partial) solution: a process reward model. One score in [0, 1] per step.
public protocol StepScorer: Sendable {
    func scoreSteps(_ problem: Problem, steps: [String]) async throws -> ScorerOutput<[Double]>
    /// The price of the scoring model's tokens, which the budget's `maxCost` counts against.
    var tokenCost: TokenCost { get }
}

/// Scores a whole solution: an outcome verifier, an LLM judge or a programmatic check. In [0, 1].
public protocol OutcomeScorer: Sendable {
    func scoreSolution(_ problem: Problem, solution: String) async throws -> ScorerOutput<OutcomeScore>
    /// The price of the scoring model's tokens, which the budget's `maxCost` counts against.
    var tokenCost: TokenCost { get }
}

/// Estimates, for candidate next steps, the probability that a solution continued with each ends correct.
public protocol QValueScorer: Sendable {
    func qValues(_ problem: Problem, steps: [String], candidates: [String]) async throws -> ScorerOutput<[Double]>
    /// The price of the scoring model's tokens, which the budget's `maxCost` counts against.
    var tokenCost: TokenCost { get }
}

// Scorers are free unless they say otherwise (programmatic checks, local models, test scorers).
extension StepScorer { public var tokenCost: TokenCost { TokenCost() } }
extension OutcomeScorer { public var tokenCost: TokenCost { TokenCost() } }
extension QValueScorer { public var tokenCost: TokenCost { TokenCost() } }

/// A scorer's answer and what it cost.
public struct ScorerOutput<Value: Sendable>: Sendable {
    public var value: Value
    public var usage: Usage

    public init(value: Value, usage: Usage) {
        self.value = value
        self.usage = usage
    }
}

/// An outcome score with the reason behind it where the scorer has one (a verifier's failing check,
/// a sandbox limit that stopped the program).
public struct OutcomeScore: Sendable, Hashable, Codable {
    public var score: Double
    public var details: String?

    public init(score: Double, details: String? = nil) {
        self.score = score
        self.details = details
    }
}
