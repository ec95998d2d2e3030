/// One graded attempt in the interchange format that `ponder run export` writes and `ponder compare`
/// reads (other tools can write it too): `{"strategy", "problem_id", "task"?, "run"?, "score",
/// "tokens"?, "latency_ms"?, "answer"?}`.
///
/// `score` is 0/1 correctness or any real-valued score, higher better. Rows pair across strategies by
/// `(task, problem_id, run)`; `run` may be written as a number or a string and is kept as a string.
public struct ResultRow: Codable, Sendable, Equatable {
    public var strategy: String
    public var problemID: String
    public var task: String?
    public var run: String?
    public var score: Double
    public var tokens: Double?
    public var latencyMS: Double?
    public var answer: String?

    public init(
        strategy: String, problemID: String, task: String? = nil, run: String? = nil, score: Double,
        tokens: Double? = nil, latencyMS: Double? = nil, answer: String? = nil
    ) {
        self.strategy = strategy
        self.problemID = problemID
        self.task = task
        self.run = run
        self.score = score
        self.tokens = tokens
        self.latencyMS = latencyMS
        self.answer = answer
    }

    /// The key rows of different strategies are paired on.
    public var pairingKey: PairingKey { PairingKey(task: task ?? "", problemID: problemID, run: run ?? "") }

    public struct PairingKey: Hashable, Sendable, Comparable {
        public var task: String
        public var problemID: String
        public var run: String

        public static func < (a: PairingKey, b: PairingKey) -> Bool {
            (a.task, a.problemID, a.run) < (b.task, b.problemID, b.run)
        }
    }

    enum CodingKeys: String, CodingKey {
        case strategy, task, run, score, tokens, answer
        case problemID = "problem_id"
        case latencyMS = "latency_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try c.decode(String.self, forKey: .strategy)
        problemID = try Self.decodeLabel(c, .problemID) ?? {
            throw DecodingError.keyNotFound(CodingKeys.problemID, .init(codingPath: c.codingPath, debugDescription: "problem_id is required"))
        }()
        task = try c.decodeIfPresent(String.self, forKey: .task)
        run = try Self.decodeLabel(c, .run)
        score = try c.decode(Double.self, forKey: .score)
        guard score.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .score, in: c, debugDescription: "score must be a finite number")
        }
        tokens = try c.decodeIfPresent(Double.self, forKey: .tokens)
        latencyMS = try c.decodeIfPresent(Double.self, forKey: .latencyMS)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
    }

    /// A label written as a string or a whole number (`"run": 2` and `"run": "2"` are the same run).
    private static func decodeLabel(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> String? {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
        if let number = try? c.decode(Int.self, forKey: key) { return String(number) }
        return try c.decode(String.self, forKey: key)
    }
}
