/// What a strategy returns: the chosen answer, the ranked candidates, what it cost, and how it searched.
public struct Solution: Sendable, Codable {
    public var strategy: String
    /// The chosen final answer (extracted), nil when no candidate produced one.
    public var answer: String?
    /// The chosen candidate's full text.
    public var text: String
    /// Candidates ranked best first.
    public var candidates: [Candidate]
    public var usage: Usage
    /// Completion tokens ÷ the mean length of a full solution: Snell et al.'s compute axis.
    public var generationEquivalents: Double
    /// Why the search ended early, nil when it ran to completion.
    public var cutShort: StopReason?
    public var trace: SearchTrace
    /// The `auto` strategy's probe, bin and plan; nil for every other strategy.
    public var allocation: AllocationRecord?

    public init(
        strategy: String, candidates: [Candidate], usage: Usage, generationEquivalents: Double,
        cutShort: StopReason?, trace: SearchTrace
    ) {
        self.strategy = strategy
        self.candidates = candidates
        self.answer = candidates.first?.answer
        self.text = candidates.first?.text ?? ""
        self.usage = usage
        self.generationEquivalents = generationEquivalents
        self.cutShort = cutShort
        self.trace = trace
    }

    enum CodingKeys: String, CodingKey {
        case strategy, answer, text, candidates, usage, trace, allocation
        case generationEquivalents = "generation_equivalents"
        case cutShort = "cut_short"
    }
}
