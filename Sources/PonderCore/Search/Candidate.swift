/// One finished (or best unfinished) solution a strategy considered, with what it was judged.
public struct Candidate: Sendable, Hashable, Codable {
    public var text: String
    /// The final answer extracted from `text`, if any.
    public var answer: String?
    /// The score used to rank it (aggregated step score, outcome score, Q value, or vote share).
    public var score: Double?
    public var stepScores: [Double]
    /// How many candidates share its answer class (voting strategies).
    public var votes: Int?
    /// False when the search stopped before this candidate reached an answer.
    public var isComplete: Bool

    public init(
        text: String, answer: String? = nil, score: Double? = nil, stepScores: [Double] = [], votes: Int? = nil,
        isComplete: Bool = true
    ) {
        self.text = text
        // An unfinished text's last number is an intermediate value, not an answer.
        let extracted = AnswerExtractor.extract(from: text)
        self.answer = answer ?? (isComplete || extracted?.rule.isFallback == false ? extracted?.text : nil)
        self.score = score
        self.stepScores = stepScores
        self.votes = votes
        self.isComplete = isComplete
    }

    enum CodingKeys: String, CodingKey {
        case text, answer, score, votes
        case stepScores = "step_scores"
        case isComplete = "is_complete"
    }
}
