/// Produces text: continues a partial solution of a problem with `n` sampled continuations.
///
/// Step-level search passes the solution so far as `prefix` (byte-identical across expansions, so a
/// server's prefix cache hits) and the step delimiter as a stop sequence. `prefix` is empty for a
/// whole solution. Every call reports the usage the server reported.
public protocol Policy: Sendable {
    func complete(
        _ problem: Problem, prefix: String, n: Int, stop: [String], sampling: SamplingParameters
    ) async throws -> PolicyOutput

    /// The price of the model's tokens, which the budget's `maxCost` counts against.
    var tokenCost: TokenCost { get }
}

extension Policy {
    /// Free unless the policy says otherwise (a local model, a test policy).
    public var tokenCost: TokenCost { TokenCost() }
}

public struct PolicyOutput: Sendable {
    public var continuations: [Continuation]
    public var usage: Usage

    public init(continuations: [Continuation], usage: Usage) {
        self.continuations = continuations
        self.usage = usage
    }
}

/// One sampled continuation.
public struct Continuation: Sendable, Hashable {
    public var text: String
    /// `stop`, `length` or what the server said.
    public var finishReason: String?
    /// Mean log probability of its tokens, when the server returned logprobs.
    public var meanLogprob: Double?

    public init(text: String, finishReason: String?, meanLogprob: Double? = nil) {
        self.text = text
        self.finishReason = finishReason
        self.meanLogprob = meanLogprob
    }

    public var wasTruncated: Bool { finishReason == "length" }
}
