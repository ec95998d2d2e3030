/// Turns result rows (and the samples run stores keep) into a `ComparisonReport`, the one value every
/// output of `ponder compare` renders.
///
/// ```swift
/// let report = try ComparisonBuilder(options: CompareOptions(reps: 2_000, seed: 1)).build(input)
/// ```
///
/// How the input is read:
/// - Strategies appear in the order first seen. Rows pair across strategies by (task, problem, run);
///   each pair of strategies is compared on the rows both have (`PairComparison.count` says how many),
///   and rows the other strategy lacks are left out of that pair only.
/// - Scores are binary when every one is 0 or 1; only then are Wilson intervals and McNemar tests given.
/// - rliable's runs × tasks matrix has, per strategy, one cell per (task, run): the run's mean score
///   over its problems on that task. Aggregates, profiles, probability of improvement and rankings are
///   computed on it; see `ResamplingUnit` for what the bootstrap resamples. So `mean` weighs tasks
///   equally and `median` is the median of per-task means (equal to `mean` with one task), as in
///   rliable; the Wilson interval is of the pooled proportion of rows scored 1, which equals `mean`
///   when every task and run has the same number of problems.
/// - Pairs: `meanDiff` is the mean of score differences over the paired rows; its interval resamples
///   problems (each with all its paired runs). McNemar counts paired rows; Holm adjusts over all pairs.
/// - Rankings: by `mean`; Borda and Kemeny–Young on per-task means over the tasks every strategy has.
/// - Frontier: one point per strategy whose rows carry tokens (mean tokens, `mean`).
/// - AdaStop (`sequential`): see `sequentialDesign`.
/// - A single strategy is not an error: the report has its summary, profile, frontier point and samples,
///   one-entry rankings, no pairs, and (with `--sequential`) no AdaStop decisions.
///
/// Throws `ComparisonError` for no rows, duplicate (strategy, task, problem, run) rows, non-finite
/// scores, two strategies with no row in common, and options out of range. The same input and options
/// always give the same report.
public struct ComparisonBuilder: Sendable {
    public let options: CompareOptions

    /// Thresholds of the performance profiles, evenly spaced over [0, 1] or the scores' wider range.
    static let profileThresholds = 21

    public init(options: CompareOptions) {
        self.options = options
    }

    public func build(_ input: ComparisonInput) throws -> ComparisonReport {
        try validateOptions()
        guard !input.rows.isEmpty else { throw ComparisonError.noRows }
        let strategies = try StrategyRows.group(input.rows)
        let names = strategies.map(\.name)
        let ownSets = strategies.map { ScoreTableSet($0.scores) }
        let pairInputs = try Self.pairInputs(strategies)
        let unit = ResamplingUnit.choose(ownSets + pairInputs.flatMap { [$0.setA, $0.setB] })
        let binary = input.rows.allSatisfy { $0.score == 0 || $0.score == 1 }
        let taus = Self.profileTaus(ownSets)

        var summaries: [String: StrategySummary] = [:]
        var profiles: [PerformanceProfile] = []
        for (strategy, set) in zip(strategies, ownSets) {
            let result = summarize(strategy, set: set, unit: unit, taus: taus, binary: binary)
            summaries[strategy.name] = result.summary
            profiles.append(result.profile)
        }
        var pairs = pairInputs.map { comparePair($0, names: names, unit: unit, binary: binary) }
        Self.adjustForMultipleTests(&pairs)
        let means = names.map { summaries[$0]!.mean }

        return ComparisonReport(
            order: names,
            strategies: summaries,
            pairs: pairs,
            rankings: Self.rankings(names, means: means, sets: ownSets),
            profiles: profiles,
            frontier: frontier(names, summaries: summaries),
            samples: try sampleMetrics(input.samples, order: names),
            sequential: options.sequential ? sequentialDecision(names, sets: ownSets) : nil,
            settings: Settings(reps: options.reps, seed: options.seed, ciMethod: unit.description),
            tasks: Array(Set(input.rows.map { $0.task ?? "" })).sorted(),
            binary: binary
        )
    }

    private func validateOptions() throws(ComparisonError) {
        guard options.reps >= 1 else { throw .invalidOption("reps must be at least 1 (got \(options.reps))") }
        guard options.alpha > 0 && options.alpha < 1 else {
            throw .invalidOption("alpha must lie strictly between 0 and 1 (got \(options.alpha))")
        }
        if let k = options.ks.first(where: { $0 < 1 }) { throw .invalidOption("k must be at least 1 (got \(k))") }
        if let budget = options.atTokens.first(where: { !$0.isFinite }) {
            throw .invalidOption("token budgets must be finite numbers (got \(budget))")
        }
    }
}
