import PonderCore

import class FoundationEssentials.JSONEncoder

/// How `ponder ask --strategy` shows a solution: the answer, the top candidates, usage and the trace.
public struct SolutionReport: Sendable {
    public let solution: Solution
    public let kind: String

    public init(solution: Solution, kind: String) {
        self.solution = solution
        self.kind = kind
    }

    public func text(topCandidates: Int = 5) -> String {
        let usage = solution.usage
        var lines: [String] = []
        lines.append("answer: \(solution.answer ?? "(none)")")
        lines.append("strategy: \(solution.strategy) (\(kind))")
        var usageLine = "usage: \(usage.promptTokens) prompt tokens (\(usage.cachedPromptTokens) cached), "
        usageLine += "\(usage.completionTokens) completion tokens, \(usage.calls) calls, "
        usageLine += "\(Self.format(solution.generationEquivalents)) generation equivalents"
        if usage.uncountedChoices > 0 { usageLine += "; \(usage.uncountedChoices) choices not counted by the server" }
        lines.append(usageLine)
        if let reason = solution.cutShort { lines.append("cut short: the \(reason.rawValue) budget ran out; this is the best so far") }
        lines.append("")
        lines.append("candidates (\(min(topCandidates, solution.candidates.count)) of \(solution.candidates.count)):")
        for (index, candidate) in solution.candidates.prefix(topCandidates).enumerated() {
            var facts: [String] = []
            if let score = candidate.score { facts.append("score \(Self.format(score))") }
            if let votes = candidate.votes { facts.append("votes \(votes)") }
            if !candidate.isComplete { facts.append("unfinished") }
            let tail = facts.isEmpty ? "" : "  (" + facts.joined(separator: ", ") + ")"
            lines.append("  \(index + 1). \(candidate.answer ?? "(no answer)")\(tail)")
        }
        lines.append("")
        lines.append("trace (* marks the chosen path):")
        lines.append(solution.trace.rendered())
        return lines.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(solution), as: UTF8.self)
    }

    static func format(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}
