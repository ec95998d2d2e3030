import PonderCore

/// A partial solution in a step-level search: the steps so far and where it sits in the trace.
public struct PartialPath: Sendable, Hashable {
    public var steps: [String]
    /// The trace node of its last step (the root for an empty path).
    public var node: Int
    /// One score per step, where the strategy scored them.
    public var stepScores: [Double]
    /// The path reached an answer, or can go no further (empty step, or cut at `max_tokens`).
    public var isTerminal: Bool
    /// The last step was cut at `max_tokens`.
    public var wasTruncated: Bool

    public init(steps: [String] = [], node: Int = TraceRecorder.root, stepScores: [Double] = [], isTerminal: Bool = false, wasTruncated: Bool = false) {
        self.steps = steps
        self.node = node
        self.stepScores = stepScores
        self.isTerminal = isTerminal
        self.wasTruncated = wasTruncated
    }

    /// The text sent to the policy to continue this path: the steps each followed by the delimiter,
    /// so every expansion of one path sends byte-identical bytes (and a prefix cache hits).
    public func prefix(delimiter: String) -> String {
        steps.isEmpty ? "" : steps.joined(separator: delimiter) + delimiter
    }

    public func text(delimiter: String) -> String {
        steps.joined(separator: delimiter)
    }

    /// As a candidate for ranking and voting; complete only if it ends with a final answer (a path
    /// stopped by a depth cap or cut at `max_tokens` is not).
    public func candidate(delimiter: String, score: Double?) -> Candidate {
        Candidate(
            text: text(delimiter: delimiter), score: score, stepScores: stepScores,
            isComplete: isTerminal && !wasTruncated && StepExpander.holdsFinalAnswer(steps.last ?? ""))
    }
}
