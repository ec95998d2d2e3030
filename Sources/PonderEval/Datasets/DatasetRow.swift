import PonderCore

/// One problem of a dataset: what to ask, the reference to grade against, and where it came from.
public struct DatasetRow: Sendable, Hashable {
    public var id: String
    /// The line of the file the row starts on (1-based), for messages.
    public var line: Int
    /// The question text: the `question` or `prompt` field, or the last user turn of `messages`.
    public var question: String
    /// The conversation to send as it is, when the row gave `messages`; otherwise the question is
    /// presented with the preset's prompt template.
    public var messages: [ChatMessage]?
    /// The reference answer (`answer`); may be absent only where the grader does not need one (code
    /// rows graded by their tests, external commands).
    public var answer: String?
    public var task: String?
    public var difficulty: String?
    /// A grader for this row alone (`grader` field), overriding `--grader`.
    public var grader: GraderSpec?
    /// Test code for the code grader (`tests` field).
    public var tests: String?

    public init(
        id: String, line: Int = 0, question: String, messages: [ChatMessage]? = nil, answer: String?, task: String? = nil,
        difficulty: String? = nil, grader: GraderSpec? = nil, tests: String? = nil
    ) {
        self.id = id
        self.line = line
        self.question = question
        self.messages = messages
        self.answer = answer
        self.task = task
        self.difficulty = difficulty
        self.grader = grader
        self.tests = tests
    }

    /// The reference as graders see it.
    public var reference: GradingReference {
        GradingReference(problemID: id, question: question, answer: answer, tests: tests)
    }
}
