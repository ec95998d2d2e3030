import PonderCore

/// Scoring helpers shared by the strategies.
enum Scoring {
    /// PRM scores for many paths at once, concurrently; a path the PRM could not score keeps nil.
    static func stepScores(
        _ paths: [PartialPath], problem: Problem, scorer: MeteredStepScorer, delimiter: String
    ) async throws -> [[Double]?] {
        try await withThrowingTaskGroup(of: (Int, [Double]?).self) { group in
            for (index, path) in paths.enumerated() {
                group.addTask {
                    do {
                        return (index, try await scorer.scoreSteps(problem, steps: path.steps))
                    } catch is StopReason {
                        return (index, nil)
                    }
                }
            }
            var results = [[Double]?](repeating: nil, count: paths.count)
            for try await (index, scores) in group { results[index] = scores }
            return results
        }
    }

    /// Outcome scores for whole candidates, concurrently.
    static func outcomeScores(
        _ texts: [String], problem: Problem, scorer: MeteredOutcomeScorer
    ) async throws -> [Double?] {
        try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask {
                    do {
                        return (index, try await scorer.scoreSolution(problem, solution: text).score)
                    } catch is StopReason {
                        return (index, nil)
                    }
                }
            }
            var results = [Double?](repeating: nil, count: texts.count)
            for try await (index, score) in group { results[index] = score }
            return results
        }
    }
}
