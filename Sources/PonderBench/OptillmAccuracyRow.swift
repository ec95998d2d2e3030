import class FoundationEssentials.JSONEncoder

/// One problem answered by one configuration, graded, with the tokens the sim counted for it: a line
/// of the interchange JSONL that `ponder compare` reads (`strategy`, `problem_id`, `score`, `tokens`,
/// `latency_ms`, `answer`), plus the details behind `tokens`, which `ponder compare` ignores.
public struct OptillmAccuracyRow: Sendable, Codable, Equatable {
    /// `ponder:PRESET` or `optillm:APPROACH`.
    public var strategy: String
    public var proxy: String
    public var problemID: String
    /// 1 when the answer is mathematically equivalent to the reference, else 0.
    public var score: Double
    /// Prompt + completion tokens of the generation calls the sim served for this problem.
    public var tokens: Double
    public var promptTokens: Int
    public var completionTokens: Int
    /// All calls the sim received for this problem, and of them the scoring calls (PRM), whose tokens
    /// the sim does not count.
    public var backendCalls: Int
    public var scoringCalls: Int
    public var latencyMS: Double
    /// The answer extracted from the proxy's text; nil when there was none or the request failed.
    public var answer: String?
    /// Why the request failed, if it did (then the score is 0).
    public var error: String?

    public init(
        strategy: String, proxy: String, problemID: String, score: Double, tokens: Double, promptTokens: Int, completionTokens: Int,
        backendCalls: Int, scoringCalls: Int, latencyMS: Double, answer: String?, error: String?
    ) {
        self.strategy = strategy
        self.proxy = proxy
        self.problemID = problemID
        self.score = score
        self.tokens = tokens
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.backendCalls = backendCalls
        self.scoringCalls = scoringCalls
        self.latencyMS = latencyMS
        self.answer = answer
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case strategy, proxy, score, tokens, answer, error
        case problemID = "problem_id", promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        case backendCalls = "backend_calls", scoringCalls = "scoring_calls", latencyMS = "latency_ms"
    }

    /// The rows as JSONL, one object per line.
    public static func jsonLines(_ rows: [OptillmAccuracyRow]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return rows.compactMap { row in (try? encoder.encode(row)).map { String(decoding: $0, as: UTF8.self) } }
            .map { $0 + "\n" }.joined()
    }
}
