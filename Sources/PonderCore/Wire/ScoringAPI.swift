/// `POST /v1/score`: a process reward model's verdict on each step of one solution.
///
/// Request `{"question": "...", "steps": ["Step 1: ...", ...]}`, response `{"scores": [0.97, 0.12, ...]}`:
/// one score in [0, 1] per step, the estimated probability that every step up to it is right.
public struct ScoreRequest: Codable, Sendable, Hashable {
    public var model: String?
    public var question: String
    public var steps: [String]
    public init(model: String? = nil, question: String, steps: [String]) {
        self.model = model
        self.question = question
        self.steps = steps
    }
}

public struct ScoreResponse: Codable, Sendable, Hashable {
    public var scores: [Double]
    public init(scores: [Double]) { self.scores = scores }
}

/// `POST /v1/qvalue`: a step-level Q-value model's estimate, for each candidate next step, of the
/// probability that a solution continued with it ends correct.
///
/// Request `{"question", "steps": [...so far], "candidates": [...]}`, response `{"values": [...]}`.
public struct QValueRequest: Codable, Sendable, Hashable {
    public var model: String?
    public var question: String
    public var steps: [String]
    public var candidates: [String]
    public init(model: String? = nil, question: String, steps: [String], candidates: [String]) {
        self.model = model
        self.question = question
        self.steps = steps
        self.candidates = candidates
    }
}

public struct QValueResponse: Codable, Sendable, Hashable {
    public var values: [Double]
    public init(values: [Double]) { self.values = values }
}
