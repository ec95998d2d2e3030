import PonderCore
import PonderEngine

/// Accuracy and compute of strategy presets on a graded problem set, per difficulty.
public struct StrategyBenchmark: Sendable {
    public struct Problem: Sendable {
        public var question: String
        public var answer: String
        public var difficulty: Int
        public init(question: String, answer: String, difficulty: Int) {
            self.question = question
            self.answer = answer
            self.difficulty = difficulty
        }
    }

    public struct Cell: Sendable, Encodable {
        public var preset: String
        public var difficulty: Int
        public var problems: Int
        public var correct: Int
        public var accuracy: Double
        /// Standard error of the accuracy.
        public var standardError: Double
        public var meanCompletionTokens: Double
        public var meanPromptTokens: Double
        public var meanCalls: Double
        public var meanGenerationEquivalents: Double

        enum CodingKeys: String, CodingKey {
            case preset, difficulty, problems, correct, accuracy
            case standardError = "standard_error"
            case meanCompletionTokens = "mean_completion_tokens"
            case meanPromptTokens = "mean_prompt_tokens"
            case meanCalls = "mean_calls"
            case meanGenerationEquivalents = "mean_generation_equivalents"
        }
    }

    public let engine: Engine
    public let parallel: Int

    public init(engine: Engine, parallel: Int = 32) {
        self.engine = engine
        self.parallel = parallel
    }

    /// Runs one preset over the problems (seeded by index), with `parallel` problems in flight.
    public func run(preset: String, problems: [Problem], difficulty: Int, budget: Budget = .unlimited) async throws -> Cell {
        struct Outcome: Sendable { var correct: Bool; var usage: Usage; var equivalents: Double }
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            var results: [Outcome] = []
            var next = 0
            func launch() {
                let index = next
                next += 1
                let problem = problems[index]
                group.addTask {
                    let solution = try await engine.solve(question: problem.question, preset: preset, budget: budget, seed: UInt64(index))
                    let correct = solution.answer.map { AnswerEquivalence.areEquivalent($0, problem.answer) } ?? false
                    return Outcome(correct: correct, usage: solution.usage, equivalents: solution.generationEquivalents)
                }
            }
            for _ in 0..<min(parallel, problems.count) { launch() }
            while let outcome = try await group.next() {
                results.append(outcome)
                if next < problems.count { launch() }
            }
            return results
        }
        let count = Double(max(outcomes.count, 1))
        let correct = outcomes.filter(\.correct).count
        let accuracy = Double(correct) / count
        return Cell(
            preset: preset, difficulty: difficulty, problems: outcomes.count, correct: correct, accuracy: accuracy,
            standardError: (accuracy * (1 - accuracy) / count).squareRoot(),
            meanCompletionTokens: Double(outcomes.map(\.usage.completionTokens).reduce(0, +)) / count,
            meanPromptTokens: Double(outcomes.map(\.usage.promptTokens).reduce(0, +)) / count,
            meanCalls: Double(outcomes.map(\.usage.calls).reduce(0, +)) / count,
            meanGenerationEquivalents: outcomes.map(\.equivalents).reduce(0, +) / count)
    }

    /// A markdown table: one row per preset, accuracy (± standard error) and mean completion tokens per difficulty.
    public static func table(_ cells: [Cell]) -> String {
        let difficulties = Array(Set(cells.map(\.difficulty))).sorted()
        var presets: [String] = []
        for cell in cells where !presets.contains(cell.preset) { presets.append(cell.preset) }
        var lines = ["| preset | " + difficulties.map { "d\($0) accuracy | d\($0) tokens" }.joined(separator: " | ") + " |"]
        lines.append("|---|" + difficulties.map { _ in "---:|---:" }.joined(separator: "|") + "|")
        for preset in presets {
            var row = "| \(preset) |"
            for difficulty in difficulties {
                if let cell = cells.first(where: { $0.preset == preset && $0.difficulty == difficulty }) {
                    row += " \(percent(cell.accuracy)) ± \(percent(cell.standardError)) | \(Int(cell.meanCompletionTokens.rounded())) |"
                } else {
                    row += " – | – |"
                }
            }
            lines.append(row)
        }
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
