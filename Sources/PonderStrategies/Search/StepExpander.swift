import PonderCore

/// Expands partial paths by one reasoning step: the shared move of every step-level strategy.
///
/// One policy call per path asks for `n` continuations with the step delimiter as stop sequence. A
/// step is terminal when it holds a final answer, is empty, or was cut at `max_tokens`.
public struct StepExpander: Sendable {
    public let context: SearchContext
    public let problem: Problem
    /// Maximum tokens of one step.
    public let maxStepTokens: Int
    /// Steps after which a path is stopped (counted as terminal, unfinished).
    public let maxSteps: Int

    public init(context: SearchContext, problem: Problem, maxStepTokens: Int = 256, maxSteps: Int = 40) {
        self.context = context
        self.problem = problem
        self.maxStepTokens = maxStepTokens
        self.maxSteps = maxSteps
    }

    /// `n` children of `path`, recorded in the trace. May return fewer when the budget is nearly spent.
    public func expand(_ path: PartialPath, n: Int, call: Int, temperature: Double? = nil) async throws -> [PartialPath] {
        let delimiter = context.stepDelimiter
        let output = try await context.policy.complete(
            problem, prefix: path.prefix(delimiter: delimiter), n: n, stop: [delimiter],
            sampling: context.sampling(call: call, temperature: temperature, maxTokens: maxStepTokens))
        return output.continuations.map { continuation in
            child(of: path, step: continuation.text, truncated: continuation.wasTruncated)
        }
    }

    /// Completes `path` to the end in one call per sample (no step stop), for rollouts.
    public func rollout(_ path: PartialPath, n: Int, call: Int, maxTokens: Int, temperature: Double? = nil) async throws -> [PartialPath] {
        let delimiter = context.stepDelimiter
        let output = try await context.policy.complete(
            problem, prefix: path.prefix(delimiter: delimiter), n: n, stop: [],
            sampling: context.sampling(call: call, temperature: temperature, maxTokens: maxTokens))
        return output.continuations.map { continuation in
            var finished = path
            let steps = continuation.text.components(separatedBy: delimiter).filter { !$0.isEmpty }
            finished.steps += steps
            finished.isTerminal = true
            finished.wasTruncated = continuation.wasTruncated
            finished.node = context.trace.add(parent: path.node, text: continuation.text, isTerminal: true)
            return finished
        }
    }

    func child(of path: PartialPath, step rawStep: String, truncated: Bool) -> PartialPath {
        let step = rawStep.trimmingTrailingNewlines()
        var child = path
        child.steps.append(step)
        child.wasTruncated = truncated
        child.isTerminal =
            truncated || step.allSatisfy(\.isWhitespace) || StepExpander.holdsFinalAnswer(step)
            || child.steps.count >= maxSteps
        child.node = context.trace.add(parent: path.node, text: step, isTerminal: child.isTerminal)
        return child
    }

    /// Whether a step states the final answer (a `\boxed{}` or "the answer is").
    public static func holdsFinalAnswer(_ step: String) -> Bool {
        AnswerExtractor.lastBoxedContent(in: step) != nil || AnswerExtractor.answerPhraseContent(in: step) != nil
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" { text.removeLast() }
        return String(text)
    }

    func components(separatedBy separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
