import Foundation
import PonderCore

/// One problem solved with one seed, graded: a `result` row with its candidates and trace.
public struct StoredResult: Sendable, Hashable {
    public var problemID: String
    public var seed: Int
    /// The row's place in the dataset, for ordering.
    public var position: Int
    /// The seed the engine was given (derived from problem and seed; see `EngineSeed`).
    public var engineSeed: UInt64
    public var task: String?
    public var difficulty: String?
    public var question: String
    public var reference: String?
    public var referenceCanonical: String?
    public var grader: String
    public var answer: String?
    public var answerCanonical: String?
    public var correct: Bool
    public var score: Double
    public var gradeDetail: String?
    /// The chosen candidate's full text.
    public var text: String
    public var usage: Usage
    public var generationEquivalents: Double
    /// Wall-clock time of the search, in milliseconds (grading not included).
    public var latencyMS: Double
    /// Why the budget cut the search short; nil when it ran to completion.
    public var cutShort: StopReason?
    /// Best first; `candidates[0]` is the chosen one.
    public var candidates: [StoredCandidate]
    public var trace: SearchTrace?
    public var finishedAt: Date
    /// The `auto` strategy's probe, bin and plan (nil for other strategies).
    public var allocation: AllocationRecord?

    public init(
        problemID: String, seed: Int, position: Int = 0, engineSeed: UInt64 = 0, task: String? = nil,
        difficulty: String? = nil, question: String, reference: String?, referenceCanonical: String? = nil,
        grader: String = "math", answer: String?, answerCanonical: String? = nil, correct: Bool, score: Double? = nil,
        gradeDetail: String? = nil, text: String = "", usage: Usage = .zero, generationEquivalents: Double = 0,
        latencyMS: Double = 0, cutShort: StopReason? = nil, candidates: [StoredCandidate] = [], trace: SearchTrace? = nil,
        finishedAt: Date = Date(), allocation: AllocationRecord? = nil
    ) {
        self.problemID = problemID
        self.seed = seed
        self.position = position
        self.engineSeed = engineSeed
        self.task = task
        self.difficulty = difficulty
        self.question = question
        self.reference = reference
        self.referenceCanonical = referenceCanonical
        self.grader = grader
        self.answer = answer
        self.answerCanonical = answerCanonical
        self.correct = correct
        self.score = score ?? (correct ? 1 : 0)
        self.gradeDetail = gradeDetail
        self.text = text
        self.usage = usage
        self.generationEquivalents = generationEquivalents
        self.latencyMS = latencyMS
        self.cutShort = cutShort
        self.candidates = candidates
        self.trace = trace
        self.finishedAt = finishedAt
        self.allocation = allocation
    }

    public var key: ProblemSeed { ProblemSeed(problemID: problemID, seed: seed) }
}

/// One candidate of a result, with the strategy's scores and its own grade.
public struct StoredCandidate: Sendable, Hashable {
    public var text: String
    public var answer: String?
    public var answerCanonical: String?
    /// The strategy's ranking score.
    public var score: Double?
    public var stepScores: [Double]
    public var votes: Int?
    public var isComplete: Bool
    public var correct: Bool
    public var gradeScore: Double

    public init(
        text: String, answer: String?, answerCanonical: String?, score: Double? = nil, stepScores: [Double] = [],
        votes: Int? = nil, isComplete: Bool = true, correct: Bool, gradeScore: Double? = nil
    ) {
        self.text = text
        self.answer = answer
        self.answerCanonical = answerCanonical
        self.score = score
        self.stepScores = stepScores
        self.votes = votes
        self.isComplete = isComplete
        self.correct = correct
        self.gradeScore = gradeScore ?? (correct ? 1 : 0)
    }
}
