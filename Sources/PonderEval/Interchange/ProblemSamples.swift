/// Every sample a strategy drew for one problem in one run (best-of-n stores all its candidates), for
/// unbiased pass@k and maj@k: `answers[i]` is sample i's canonical answer (nil when it gave none) and
/// `correct[i]` whether it was graded right.
public struct ProblemSamples: Codable, Sendable, Equatable {
    public var strategy: String
    public var problemID: String
    public var task: String?
    public var run: String?
    public var answers: [String?]
    public var correct: [Bool]

    public init(strategy: String, problemID: String, task: String? = nil, run: String? = nil, answers: [String?], correct: [Bool]) {
        precondition(answers.count == correct.count, "one grade per sample")
        self.strategy = strategy
        self.problemID = problemID
        self.task = task
        self.run = run
        self.answers = answers
        self.correct = correct
    }

    enum CodingKeys: String, CodingKey {
        case strategy, task, run, answers, correct
        case problemID = "problem_id"
    }
}

/// What `ponder compare` reads from its inputs: result rows from run stores and interchange files, and
/// the stored samples of run stores.
public struct ComparisonInput: Sendable, Equatable {
    public var rows: [ResultRow]
    public var samples: [ProblemSamples]

    public init(rows: [ResultRow] = [], samples: [ProblemSamples] = []) {
        self.rows = rows
        self.samples = samples
    }

    public mutating func append(_ other: ComparisonInput) {
        rows += other.rows
        samples += other.samples
    }

    /// The same rows under another strategy name (two runs of one preset, e.g. an oracle and the real thing).
    public func labelled(_ strategy: String) -> ComparisonInput {
        ComparisonInput(
            rows: rows.map { var row = $0; row.strategy = strategy; return row },
            samples: samples.map { var sample = $0; sample.strategy = strategy; return sample })
    }
}
