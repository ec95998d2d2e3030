/// Decides whether a response answers a reference correctly.
///
/// Graders are pure functions of their input (the command and code graders run programs, which
/// should be deterministic too), so the runner may reuse a grade for an identical response.
public protocol AnswerGrader: Sendable {
    func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade
}

/// What the model produced for one candidate.
public struct GradedResponse: Sendable, Hashable {
    /// The whole solution text (the code and command graders read it).
    public var text: String
    /// The final answer extracted from it, nil when there is none.
    public var answer: String?

    public init(text: String, answer: String?) {
        self.text = text
        self.answer = answer
    }
}

/// What a response is graded against: one dataset row's reference.
public struct GradingReference: Sendable, Hashable {
    public var problemID: String
    public var question: String
    public var answer: String?
    public var tests: String?

    public init(problemID: String = "", question: String = "", answer: String?, tests: String? = nil) {
        self.problemID = problemID
        self.question = question
        self.answer = answer
        self.tests = tests
    }
}

/// A grader's verdict.
public struct Grade: Sendable, Hashable, Codable {
    public var correct: Bool
    /// 1 or 0, or a fraction where the grader gives one (a command printing a score).
    public var score: Double
    /// The answer in the grader's canonical form (what voting and maj@k group on); nil without one.
    public var answerCanonical: String?
    /// The reference in the same form.
    public var referenceCanonical: String?
    /// Why, when there is more to say (a failing test, the command's output).
    public var detail: String?

    public init(correct: Bool, score: Double? = nil, answerCanonical: String?, referenceCanonical: String?, detail: String? = nil) {
        self.correct = correct
        self.score = score ?? (correct ? 1 : 0)
        self.answerCanonical = answerCanonical
        self.referenceCanonical = referenceCanonical
        self.detail = detail
    }
}
