import PonderCore
import PonderEngine
import PonderStrategies

/// The `ponder` object of a response: the strategy and its parameters, calls made, ranked candidates
/// with scores, whether the budget cut the search short, and the trace id (the request id) under which
/// `GET /v1/ponder/traces/{id}` serves the search tree; with `auto`, the allocation (probe features, bin, plan).
struct ProxySearchDetails: Encodable, Sendable {
    var strategy: String
    var kind: String
    var parameters: [String: String]
    var calls: Int
    var cutShort: StopReason?
    var generationEquivalents: Double
    var candidates: [Candidate]
    var uncountedChoices: Int
    var traceID: String
    /// With `auto`: the probe's features, the difficulty bin and the plan that ran.
    var allocation: AllocationRecord?

    enum CodingKeys: String, CodingKey {
        case strategy, kind, parameters, calls, candidates, allocation
        case cutShort = "cut_short"
        case generationEquivalents = "generation_equivalents"
        case uncountedChoices = "uncounted_choices"
        case traceID = "trace_id"
    }
}

extension ProxySearchDetails {
    init(solution: Solution, presets: PresetSummaries, preset name: String, traceID: String) {
        let preset = presets.summary(named: name)
        strategy = name
        kind = preset?.kind ?? ""
        parameters = preset?.parameters ?? [:]
        calls = solution.usage.calls
        cutShort = solution.cutShort
        generationEquivalents = solution.generationEquivalents
        candidates = Array(solution.candidates.prefix(8))
        uncountedChoices = solution.usage.uncountedChoices
        self.traceID = traceID
        allocation = solution.allocation
    }
}

extension UsageBody {
    init(_ usage: Usage) {
        self.init(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedTokens: usage.cachedPromptTokens)
    }
}
