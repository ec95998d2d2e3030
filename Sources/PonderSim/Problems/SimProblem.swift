/// One problem of a generated set, as written to JSONL: `{"id", "question", "answer", "difficulty"}`.
public struct SimProblem: Codable, Sendable, Hashable {
    public var id: String
    public var question: String
    /// The answer as the text of an integer, e.g. "62".
    public var answer: String
    public var difficulty: Int

    public init(id: String, question: String, answer: String, difficulty: Int) {
        self.id = id
        self.question = question
        self.answer = answer
        self.difficulty = difficulty
    }

    /// One JSON line with the keys in the order id, question, answer, difficulty.
    public var jsonLine: String {
        "{\"id\":\(JSONText.quote(id)),\"question\":\(JSONText.quote(question)),"
            + "\"answer\":\(JSONText.quote(answer)),\"difficulty\":\(difficulty)}"
    }
}
