/// Everything `ponder compare` computes, in one value that every output (terminal table, `--json`,
/// `--csv`, `--html`) renders. Its JSON encoding is the stable `--json` schema: the keys below are a
/// contract with users' scripts, so rename nothing.
///
/// Intervals encode as two-element arrays `[low, high]`. Quantities that do not apply (a Wilson interval
/// for real-valued scores, McNemar for non-binary scores, tokens when no row has them) are `null`.
public struct ComparisonReport: Codable, Sendable, Equatable {
    /// Strategy names in display order (first seen in the input).
    public var order: [String]
    /// Per-strategy summaries, keyed by strategy name (`strategies.{name}`).
    public var strategies: [String: StrategySummary]
    /// Every unordered pair `(a, b)` with `a` before `b` in `order`.
    public var pairs: [PairComparison]
    public var rankings: Rankings
    /// Performance profiles, one per strategy, in `order`.
    public var profiles: [PerformanceProfile]
    public var frontier: ComputeFrontier
    /// Unbiased pass@k and maj@k where several samples per problem were stored; empty otherwise.
    public var samples: [SampleMetrics]
    /// AdaStop's decisions when `--sequential` was asked for.
    public var sequential: SequentialDecision?
    public var settings: Settings
    /// Task labels seen in the input, sorted; `[""]` when rows carry no task.
    public var tasks: [String]
    /// Whether every score is 0 or 1 (then Wilson intervals and McNemar tests apply).
    public var binary: Bool

    public init(
        order: [String], strategies: [String: StrategySummary], pairs: [PairComparison], rankings: Rankings,
        profiles: [PerformanceProfile], frontier: ComputeFrontier, samples: [SampleMetrics],
        sequential: SequentialDecision?, settings: Settings, tasks: [String], binary: Bool
    ) {
        self.order = order
        self.strategies = strategies
        self.pairs = pairs
        self.rankings = rankings
        self.profiles = profiles
        self.frontier = frontier
        self.samples = samples
        self.sequential = sequential
        self.settings = settings
        self.tasks = tasks
        self.binary = binary
    }
}

/// A closed interval, encoded as `[low, high]`.
public struct Interval: Codable, Sendable, Equatable {
    public var low: Double
    public var high: Double

    public init(_ low: Double, _ high: Double) {
        self.low = low
        self.high = high
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        low = try c.decode(Double.self)
        high = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(low)
        try c.encode(high)
    }
}

public struct StrategySummary: Codable, Sendable, Equatable {
    /// Scores behind the summary: problems × runs (× tasks).
    public var count: Int
    public var runs: Int
    public var mean: Double
    public var median: Double
    /// Interquartile mean of the runs × tasks score matrix (rliable).
    public var iqm: Double
    /// Mean shortfall below the best possible score, 1 (rliable).
    public var optimalityGap: Double
    /// Stratified-bootstrap percentile intervals of the four aggregates.
    public var ci95: AggregateIntervals
    /// Wilson 95% interval of the mean, for 0/1 scores only.
    public var wilson95: Interval?
    public var meanTokens: Double?
    public var medianTokens: Double?
    public var meanLatencyMS: Double?
    public var medianLatencyMS: Double?

    public init(
        count: Int, runs: Int, mean: Double, median: Double, iqm: Double, optimalityGap: Double,
        ci95: AggregateIntervals, wilson95: Interval?, meanTokens: Double?, medianTokens: Double?,
        meanLatencyMS: Double?, medianLatencyMS: Double?
    ) {
        self.count = count
        self.runs = runs
        self.mean = mean
        self.median = median
        self.iqm = iqm
        self.optimalityGap = optimalityGap
        self.ci95 = ci95
        self.wilson95 = wilson95
        self.meanTokens = meanTokens
        self.medianTokens = medianTokens
        self.meanLatencyMS = meanLatencyMS
        self.medianLatencyMS = medianLatencyMS
    }

    enum CodingKeys: String, CodingKey {
        case count, runs, mean, median, iqm, ci95, wilson95
        case optimalityGap = "optimality_gap"
        case meanTokens = "mean_tokens"
        case medianTokens = "median_tokens"
        case meanLatencyMS = "mean_latency_ms"
        case medianLatencyMS = "median_latency_ms"
    }
}

public struct AggregateIntervals: Codable, Sendable, Equatable {
    public var mean: Interval
    public var iqm: Interval
    public var median: Interval
    public var optimalityGap: Interval

    public init(mean: Interval, iqm: Interval, median: Interval, optimalityGap: Interval) {
        self.mean = mean
        self.iqm = iqm
        self.median = median
        self.optimalityGap = optimalityGap
    }

    enum CodingKeys: String, CodingKey {
        case mean, iqm, median
        case optimalityGap = "optimality_gap"
    }
}

/// Strategy `a` against strategy `b` on the rows they share (paired by task, problem and run).
public struct PairComparison: Codable, Sendable, Equatable {
    public var a: String
    public var b: String
    /// Paired rows.
    public var count: Int
    /// Mean of `score(a) - score(b)`.
    public var meanDiff: Double
    /// Paired-bootstrap percentile 95% interval of `meanDiff` (problems resampled, same indices for both).
    public var ci95: Interval
    /// Rows where only `a` (only `b`) scored above 0.5: McNemar's discordant counts.
    public var onlyA: Int
    public var onlyB: Int
    /// McNemar's exact two-sided p and mid-p (binary scores only).
    public var mcnemarP: Double?
    public var mcnemarMidP: Double?
    /// Holm-adjusted McNemar p across all pairs (binary scores only).
    public var holmP: Double?
    /// P(a > b) + ½ P(a = b), per task then averaged (rliable), with its bootstrap interval.
    public var probImprovement: Double
    public var probImprovementCI95: Interval

    public init(
        a: String, b: String, count: Int, meanDiff: Double, ci95: Interval, onlyA: Int, onlyB: Int,
        mcnemarP: Double?, mcnemarMidP: Double?, holmP: Double?, probImprovement: Double, probImprovementCI95: Interval
    ) {
        self.a = a
        self.b = b
        self.count = count
        self.meanDiff = meanDiff
        self.ci95 = ci95
        self.onlyA = onlyA
        self.onlyB = onlyB
        self.mcnemarP = mcnemarP
        self.mcnemarMidP = mcnemarMidP
        self.holmP = holmP
        self.probImprovement = probImprovement
        self.probImprovementCI95 = probImprovementCI95
    }

    enum CodingKeys: String, CodingKey {
        case a, b, count, ci95
        case meanDiff = "mean_diff"
        case onlyA = "only_a"
        case onlyB = "only_b"
        case mcnemarP = "mcnemar_p"
        case mcnemarMidP = "mcnemar_midp"
        case holmP = "holm_p"
        case probImprovement = "prob_improvement"
        case probImprovementCI95 = "prob_improvement_ci95"
    }
}

/// Three rankings across tasks; they can disagree, which is why all three are shown.
public struct Rankings: Codable, Sendable, Equatable {
    public var mean: [RankedStrategy]
    public var borda: [RankedStrategy]
    /// Exact Kemeny–Young; `nil` with more than 8 strategies.
    public var kemeny: [RankedStrategy]?

    public init(mean: [RankedStrategy], borda: [RankedStrategy], kemeny: [RankedStrategy]?) {
        self.mean = mean
        self.borda = borda
        self.kemeny = kemeny
    }
}

/// One place in a ranking: rank 1 is best; ties share the average rank. `score` is what the ranking
/// sorted on (mean score, average Borda rank, or the Kemeny agreement of the whole order).
public struct RankedStrategy: Codable, Sendable, Equatable {
    public var strategy: String
    public var rank: Double
    public var score: Double

    public init(strategy: String, rank: Double, score: Double) {
        self.strategy = strategy
        self.rank = rank
        self.score = score
    }
}

/// Fraction of a strategy's run scores strictly above each τ, with stratified-bootstrap intervals.
public struct PerformanceProfile: Codable, Sendable, Equatable {
    public var strategy: String
    public var taus: [Double]
    public var fraction: [Double]
    public var low: [Double]
    public var high: [Double]

    public init(strategy: String, taus: [Double], fraction: [Double], low: [Double], high: [Double]) {
        self.strategy = strategy
        self.taus = taus
        self.fraction = fraction
        self.low = low
        self.high = high
    }
}

/// Accuracy against mean tokens per configuration, the Pareto frontier, and accuracy read off the
/// frontier at given token budgets (never extrapolated: `nil` below the cheapest frontier point).
public struct ComputeFrontier: Codable, Sendable, Equatable {
    public var points: [FrontierPoint]
    public var atTokens: [BudgetReading]

    public init(points: [FrontierPoint], atTokens: [BudgetReading]) {
        self.points = points
        self.atTokens = atTokens
    }

    enum CodingKeys: String, CodingKey {
        case points
        case atTokens = "at_tokens"
    }
}

public struct FrontierPoint: Codable, Sendable, Equatable {
    public var strategy: String
    public var meanTokens: Double
    public var mean: Double
    public var onFrontier: Bool

    public init(strategy: String, meanTokens: Double, mean: Double, onFrontier: Bool) {
        self.strategy = strategy
        self.meanTokens = meanTokens
        self.mean = mean
        self.onFrontier = onFrontier
    }

    enum CodingKeys: String, CodingKey {
        case strategy, mean
        case meanTokens = "mean_tokens"
        case onFrontier = "on_frontier"
    }
}

/// The best score reachable within `tokens` mean tokens per problem, and the strategy that reaches it.
public struct BudgetReading: Codable, Sendable, Equatable {
    public var tokens: Double
    public var strategy: String?
    public var mean: Double?

    public init(tokens: Double, strategy: String?, mean: Double?) {
        self.tokens = tokens
        self.strategy = strategy
        self.mean = mean
    }
}

/// Unbiased pass@k and maj@k from several stored samples per problem.
public struct SampleMetrics: Codable, Sendable, Equatable {
    public var strategy: String
    public var k: Int
    public var passAtK: Double
    public var majAtK: Double

    public init(strategy: String, k: Int, passAtK: Double, majAtK: Double) {
        self.strategy = strategy
        self.k = k
        self.passAtK = passAtK
        self.majAtK = majAtK
    }

    enum CodingKeys: String, CodingKey {
        case strategy, k
        case passAtK = "pass_at_k"
        case majAtK = "maj_at_k"
    }
}

/// AdaStop's outcome: for each pair, whether the strategies differ, and how many runs it took.
public struct SequentialDecision: Codable, Sendable, Equatable {
    public var alpha: Double
    /// Runs (seeds) per strategy used before every pair was decided or the runs ran out.
    public var runsUsed: Int
    public var decisions: [PairDecision]

    public init(alpha: Double, runsUsed: Int, decisions: [PairDecision]) {
        self.alpha = alpha
        self.runsUsed = runsUsed
        self.decisions = decisions
    }

    enum CodingKeys: String, CodingKey {
        case alpha, decisions
        case runsUsed = "runs_used"
    }

    public struct PairDecision: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        /// "differ", "equal" or "undecided" (runs ran out).
        public var verdict: String
        /// Which is better when they differ.
        public var better: String?

        public init(a: String, b: String, verdict: String, better: String?) {
            self.a = a
            self.b = b
            self.verdict = verdict
            self.better = better
        }
    }
}

public struct Settings: Codable, Sendable, Equatable {
    public var reps: Int
    public var seed: UInt64
    /// How intervals were computed, e.g. "percentile bootstrap (stratified)".
    public var ciMethod: String
    public var confidence: Double

    public init(reps: Int, seed: UInt64, ciMethod: String, confidence: Double = 0.95) {
        self.reps = reps
        self.seed = seed
        self.ciMethod = ciMethod
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case reps, seed, confidence
        case ciMethod = "ci_method"
    }
}
