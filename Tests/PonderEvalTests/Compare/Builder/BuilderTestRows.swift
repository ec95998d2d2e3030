@testable import PonderEval

/// Small hand-made inputs for the builder tests.
enum BuilderTestRows {
    /// One row per problem `p1…pN` for each score, in one run and one task.
    static func rows(_ strategy: String, _ scores: [Double], tokens: Double? = nil, task: String? = nil, run: String? = nil) -> [ResultRow] {
        scores.enumerated().map { index, score in
            ResultRow(strategy: strategy, problemID: "p\(index + 1)", task: task, run: run, score: score, tokens: tokens)
        }
    }

    static func options(reps: Int = 400, seed: UInt64 = 1, atTokens: [Double] = [], sequential: Bool = false, alpha: Double = 0.05, ks: [Int] = []) -> CompareOptions {
        CompareOptions(reps: reps, seed: seed, atTokens: atTokens, sequential: sequential, alpha: alpha, ks: ks)
    }
}
