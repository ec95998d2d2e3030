import PonderBackends
import PonderCore

/// Solves a few problems with one sample each and reports what came out, as `ponder demo` shows it.
public struct SimDemo: Sendable {
    public struct Problem: Sendable {
        public var question: String
        public var answer: String
        public init(question: String, answer: String) {
            self.question = question
            self.answer = answer
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// Runs the problems, printing each through `say`, and returns a summary.
    public func run(on registry: EndpointRegistry, say: (String) -> Void) async throws -> String {
        let policy = try registry.client(for: .policy)
        var usage = Usage.zero
        var correct = 0
        for (index, problem) in problems.enumerated() {
            let generation = try await policy.chat([.user(problem.question)], sampling: .init(temperature: 0.8, seed: UInt64(index)))
            usage += generation.usage
            let text = generation.choices.first?.text ?? ""
            let answer = AnswerExtractor.extract(from: text)?.text ?? "(none)"
            let isCorrect = AnswerEquivalence.areEquivalent(answer, problem.answer)
            if isCorrect { correct += 1 }
            say("problem \(index + 1): \(problem.question)")
            say(text.split(separator: "\n", omittingEmptySubsequences: true).map { "    " + $0 }.joined(separator: "\n"))
            say("  answer \(answer), reference \(problem.answer): \(isCorrect ? "correct" : "wrong")\n")
        }
        return """
            \(correct)/\(problems.count) correct with one sample each; \(usage.promptTokens) prompt tokens \
            (\(usage.cachedPromptTokens) cached), \(usage.completionTokens) completion tokens, \(usage.calls) calls.
            """
    }
}
