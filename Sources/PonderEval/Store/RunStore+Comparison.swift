import PonderCore

extension RunStore {
    /// What `ponder compare` reads from a run store: one ``ResultRow`` per problem × seed
    /// (strategy = the preset, run = the seed, score = 1 or 0, tokens = prompt + completion tokens), and
    /// per problem × seed every candidate's canonical answer and grade, for pass@k and maj@k.
    /// `tokens` picks the compute axis: every token (the default), or generated tokens only (Snell et
    /// al.'s axis, and what `--token-budget` and the allocator count).
    public static func comparisonInput(at path: String, tokens: TokenAxis = .total) throws -> ComparisonInput {
        let store = try openExisting(at: path)
        guard let metadata = try store.metadata() else { throw RunStoreError.noRun(path: path) }
        let results = try store.results(withCandidates: true)
        return ComparisonInput(
            rows: results.map { $0.resultRow(strategy: metadata.preset, tokens: tokens) },
            samples: results.map { $0.problemSamples(strategy: metadata.preset) })
    }

    /// The interchange rows of this store (what `ponder run export` writes).
    public func resultRows() throws -> [ResultRow] {
        guard let metadata = try metadata() else { throw RunStoreError.noRun(path: path) }
        return try results(withCandidates: false).map { $0.resultRow(strategy: metadata.preset) }
    }
}

extension StoredResult {
    /// The interchange row: strategy = preset name, run = seed, score = 1/0 correct,
    /// tokens = prompt + completion tokens (every backend token the search spent).
    public func resultRow(strategy: String, tokens axis: TokenAxis = .total) -> ResultRow {
        ResultRow(
            strategy: strategy, problemID: problemID, task: task, run: String(seed), score: correct ? 1 : 0,
            tokens: Double(axis == .total ? usage.totalTokens : usage.completionTokens), latencyMS: latencyMS, answer: answer)
    }

    /// Every candidate's canonical answer and grade, best first.
    public func problemSamples(strategy: String) -> ProblemSamples {
        ProblemSamples(
            strategy: strategy, problemID: problemID, task: task, run: String(seed),
            answers: candidates.map(\.answerCanonical), correct: candidates.map(\.correct))
    }
}

/// Which tokens count as compute in a comparison.
public enum TokenAxis: String, Sendable, CaseIterable {
    /// Prompt plus completion tokens of every call.
    case total
    /// Generated tokens only.
    case completion
}
