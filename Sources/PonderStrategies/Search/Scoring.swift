import PonderCore

/// Scoring helpers shared by the strategies.
enum Scoring {
    /// PRM scores for many paths at once, concurrently; a path the PRM could not score keeps nil.
    static func stepScores(
        _ paths: [PartialPath], problem: Problem, scorer: MeteredStepScorer, delimiter: String
    ) async throws -> [[Double]?] {
        try await inParallel(paths.map(\.steps)) { steps in try await scorer.scoreSteps(problem, steps: steps) }
    }

    /// Outcome scores for whole candidates, concurrently.
    static func outcomeScores(
        _ texts: [String], problem: Problem, scorer: MeteredOutcomeScorer
    ) async throws -> [Double?] {
        try await inParallel(texts) { text in try await scorer.scoreSolution(problem, solution: text).score }
    }

    /// Runs `score` on every input concurrently and returns the answers in input order; an input the
    /// budget refused (`StopReason`) gets nil.
    private static func inParallel<Input: Sendable, Value: Sendable>(
        _ inputs: [Input], _ score: @escaping @Sendable (Input) async throws -> Value
    ) async throws -> [Value?] {
        try await PonderCore.inParallel(count: inputs.count) { index in
            do {
                return try await score(inputs[index])
            } catch is StopReason {
                return nil
            }
        }
    }
}
