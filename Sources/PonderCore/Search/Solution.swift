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
    public var allocation: AllocationRecord? {
        get { allocationBox?.record }
        set { allocationBox = newValue.map(AllocationBox.init) }
    }
    /// Boxed: the record is several times the size of the rest of a solution, and a solution is held in
    /// the async frames of every request, where its size is paid on each one.
    private var allocationBox: AllocationBox?

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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try c.decode(String.self, forKey: .strategy)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
        text = try c.decode(String.self, forKey: .text)
        candidates = try c.decode([Candidate].self, forKey: .candidates)
        usage = try c.decode(Usage.self, forKey: .usage)
        generationEquivalents = try c.decode(Double.self, forKey: .generationEquivalents)
        cutShort = try c.decodeIfPresent(StopReason.self, forKey: .cutShort)
        trace = try c.decode(SearchTrace.self, forKey: .trace)
        allocation = try c.decodeIfPresent(AllocationRecord.self, forKey: .allocation)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(strategy, forKey: .strategy)
        try c.encodeIfPresent(answer, forKey: .answer)
        try c.encode(text, forKey: .text)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(usage, forKey: .usage)
        try c.encode(generationEquivalents, forKey: .generationEquivalents)
        try c.encodeIfPresent(cutShort, forKey: .cutShort)
        try c.encode(trace, forKey: .trace)
        try c.encodeIfPresent(allocation, forKey: .allocation)
    }
}

/// An allocation record on the heap, shared by copies of a solution (it is replaced, never changed in place).
private final class AllocationBox: Sendable {
    let record: AllocationRecord

    init(_ record: AllocationRecord) {
        self.record = record
    }
}
