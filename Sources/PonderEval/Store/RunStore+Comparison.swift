import PonderCore

extension RunStore {
    /// What `ponder compare` reads from a run store: one ``ResultRow`` per problem × seed
    /// (strategy = the preset, run = the seed, score = 1 or 0, tokens = prompt + completion tokens), and
    /// per problem × seed every candidate's canonical answer and grade, for pass@k and maj@k.
    public static func comparisonInput(at path: String) throws -> ComparisonInput {
        let store = try openExisting(at: path)
        guard let metadata = try store.metadata() else { throw RunStoreError.noRun(path: path) }
        let results = try store.results(withCandidates: true)
        return ComparisonInput(
            rows: results.map { $0.resultRow(strategy: metadata.preset) },
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
    public func resultRow(strategy: String) -> ResultRow {
        ResultRow(
            strategy: strategy, problemID: problemID, task: task, run: String(seed), score: correct ? 1 : 0,
            tokens: Double(usage.totalTokens), latencyMS: latencyMS, answer: answer)
    }

    /// Every candidate's canonical answer and grade, best first.
    public func problemSamples(strategy: String) -> ProblemSamples {
        ProblemSamples(
            strategy: strategy, problemID: problemID, task: task, run: String(seed),
            answers: candidates.map(\.answerCanonical), correct: candidates.map(\.correct))
    }
}
