/// The accuracy part's result: a summary per configuration, which two configurations the target
/// compares, and — filled in by the caller from `ponder compare`'s statistics — the paired difference
/// between them with its interval, and each configuration's Wilson interval.
public struct OptillmAccuracyPart: Sendable, Encodable {
    /// Every graded answer (written to the interchange JSONL, not to the report).
    public var rows: [OptillmAccuracyRow]
    public var summaries: [OptillmAccuracySummary]
    /// optillm's most accurate approach (ties: the one with fewer tokens).
    public var optillmBest: String?
    /// Ponder's most accurate preset among those whose mean tokens are at most `optillmBest`'s (ties:
    /// fewer tokens): the comparison "at equal sim-counted tokens". Nil when every Ponder preset spent more.
    public var ponderBest: String?
    public var difference: OptillmAccuracyDifference?
    /// The configurations that take the same number of samples (`ponder:self-consistency@5` and
    /// `optillm:self_consistency`…), Ponder's first.
    public var matchedPairs: [[String]]
    /// Their paired differences, filled in like `difference`.
    public var matched: [OptillmAccuracyDifference] = []

    public init(rows: [OptillmAccuracyRow], matchedPairs: [[String]] = []) {
        self.rows = rows
        self.matchedPairs = matchedPairs
        summaries = OptillmAccuracySummary.summaries(rows)
        let better: (OptillmAccuracySummary, OptillmAccuracySummary) -> Bool = {
            $0.accuracy != $1.accuracy ? $0.accuracy > $1.accuracy : $0.meanTokens < $1.meanTokens
        }
        let optillm = summaries.filter { $0.proxy == OptillmProxy.optillm.rawValue }.sorted(by: better).first
        optillmBest = optillm?.strategy
        ponderBest = optillm.flatMap { limit in
            summaries.filter { $0.proxy == OptillmProxy.ponder.rawValue && $0.meanTokens <= limit.meanTokens }.sorted(by: better).first?.strategy
        }
    }

    public func summary(_ strategy: String?) -> OptillmAccuracySummary? {
        summaries.first { $0.strategy == strategy }
    }

    enum CodingKeys: String, CodingKey {
        case summaries, difference
        case optillmBest = "optillm_best", ponderBest = "ponder_best_within_optillm_tokens"
        case matched = "matched_sample_counts"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summaries, forKey: .summaries)
        try c.encode(optillmBest, forKey: .optillmBest)
        try c.encode(ponderBest, forKey: .ponderBest)
        try c.encode(difference, forKey: .difference)
        try c.encode(matched, forKey: .matched)
    }
}

/// One configuration's accuracy and what it cost, over the problems.
public struct OptillmAccuracySummary: Sendable, Encodable {
    public var strategy: String
    public var proxy: String
    public var problems: Int
    public var correct: Int
    public var accuracy: Double
    /// Mean prompt + completion tokens per problem, as the sim counted them.
    public var meanTokens: Double
    public var meanCompletionTokens: Double
    public var backendCallsPerProblem: Double
    /// PRM calls per problem: the sim counts no tokens for them.
    public var scoringCallsPerProblem: Double
    /// Requests that failed (scored 0).
    public var errors: Int
    /// Wilson 95% interval of the accuracy, from `ponder compare`.
    public var wilson95: [Double]?

    enum CodingKeys: String, CodingKey {
        case strategy, proxy, problems, correct, accuracy, errors
        case meanTokens = "mean_tokens", meanCompletionTokens = "mean_completion_tokens"
        case backendCallsPerProblem = "backend_calls_per_problem", scoringCallsPerProblem = "scoring_calls_per_problem"
        case wilson95 = "wilson95"
    }

    /// One summary per strategy, in the order the strategies first appear.
    static func summaries(_ rows: [OptillmAccuracyRow]) -> [OptillmAccuracySummary] {
        var order: [String] = []
        var groups: [String: [OptillmAccuracyRow]] = [:]
        for row in rows {
            if groups[row.strategy] == nil { order.append(row.strategy) }
            groups[row.strategy, default: []].append(row)
        }
        return order.map { strategy in
            let group = groups[strategy]!
            let count = Double(group.count)
            let correct = group.filter { $0.score >= 1 }.count
            return OptillmAccuracySummary(
                strategy: strategy, proxy: group[0].proxy, problems: group.count, correct: correct, accuracy: Double(correct) / count,
                meanTokens: group.map(\.tokens).reduce(0, +) / count,
                meanCompletionTokens: Double(group.map(\.completionTokens).reduce(0, +)) / count,
                backendCallsPerProblem: Double(group.map(\.backendCalls).reduce(0, +)) / count,
                scoringCallsPerProblem: Double(group.map(\.scoringCalls).reduce(0, +)) / count,
                errors: group.filter { $0.error != nil }.count, wilson95: nil)
        }
    }
}

/// Ponder's chosen preset minus optillm's chosen approach, paired by problem (`ponder compare`'s pair
/// figures: the mean difference of the 0/1 scores and its paired-bootstrap 95% interval).
public struct OptillmAccuracyDifference: Sendable, Encodable, Equatable {
    public var ponder: String
    public var optillm: String
    public var pairs: Int
    public var meanDifference: Double
    public var ci95: [Double]
    /// McNemar's exact two-sided p, when the scores are 0/1.
    public var mcnemarP: Double?

    public init(ponder: String, optillm: String, pairs: Int, meanDifference: Double, ci95: [Double], mcnemarP: Double?) {
        self.ponder = ponder
        self.optillm = optillm
        self.pairs = pairs
        self.meanDifference = meanDifference
        self.ci95 = ci95
        self.mcnemarP = mcnemarP
    }

    enum CodingKeys: String, CodingKey {
        case ponder, optillm, pairs, ci95
        case meanDifference = "mean_difference", mcnemarP = "mcnemar_p"
    }
}
