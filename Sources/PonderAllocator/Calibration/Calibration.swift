import PonderCore

/// Fits an allocation table to graded runs: bin thresholds on the probe's predicted difficulty, an
/// early-exit rule, and per (bin, tier) the configuration to run, chosen by k-fold cross-validation.
///
/// - Difficulty: a logistic model of the pilots' pass rate on the probe features (`DifficultyFit`).
/// - Thresholds: quantiles of predicted difficulty over the calibration set (Snell et al. bin on
///   quantiles), or fixed predicted pass rates (Liu et al.: ≥ 50 % easy, 10–50 % medium, < 10 % hard).
/// - Early exit (pilots unanimous): the most permissive verifier-score floor whose exits lose at most
///   `earlyExitTolerance` of their problems against the most accurate configuration.
/// - Cells: for each bin and tier, the candidates are the pilots' own answer and every configuration of
///   budget ≤ tier; the pick is the cheapest whose accuracy is within `tolerance` of the best, each
///   accuracy shrunk toward the candidate's accuracy over all bins (`pooling` pseudo-problems). The pick is
///   made on k−1 folds and scored on the held-out one, so a cell's accuracy is an out-of-sample estimate;
///   the cell itself is the pick on all of the bin's problems. Problems the early exit answers are left
///   out of the cells: at run time they never reach them.
/// - Second look (`EscalationFit`, with `escalate`): a tier may run the previous tier's cells first and
///   its own only on the answers their candidates are split on, when that is about as accurate for
///   fewer tokens; with `rounds`, the second look may instead repeat the previous tier's cell and pool
///   the rounds' candidates.
public enum Calibration {
    public struct Result: Sendable {
        public var table: AllocationTable
        public var report: CalibrationReport
    }

    public static func fit(
        _ all: [CalibrationProblem], configurations: [CalibrationConfiguration], tiers: [Int], options: CalibrationOptions
    ) throws -> Result {
        let tiers = Array(Set(tiers)).sorted()
        guard !tiers.isEmpty, tiers[0] >= 1 else { throw CalibrationError(message: "budgets: give at least one positive budget") }
        guard !configurations.isEmpty else { throw CalibrationError(message: "presets: give at least one preset") }
        guard options.folds >= 2 else { throw CalibrationError(message: "folds: at least 2") }
        let problems = all.filter { problem in configurations.allSatisfy { problem.outcomes[$0.name] != nil } }
        let binCount = options.binning == .quantile ? options.bins : options.passThresholds.count + 1
        guard binCount >= 1 else { throw CalibrationError(message: "bins: at least 1") }
        guard problems.count >= binCount * options.folds else {
            throw CalibrationError(
                message: "\(problems.count) problems have results for every configuration; \(binCount) bins × \(options.folds) folds need at least \(binCount * options.folds)")
        }
        var options = options
        if options.learnDifficulty {
            let observations = problems.compactMap { problem in
                problem.pilotsRight.map { DifficultyFit.Observation(features: problem.features, right: $0, trials: problem.features.samples) }
            }
            if let fitted = DifficultyFit.logistic(observations) { options.model.logistic = fitted }
        }
        let difficulty = problems.map { options.model.difficulty($0.features) }
        let thresholds = try Self.thresholds(difficulty, bins: binCount, options: options)
        let table0 = AllocationTable(binning: options.binning, thresholds: thresholds, tiers: tiers, bins: [])
        let binOf = difficulty.map { table0.bin(forDifficulty: $0) }

        let candidates = CandidateSet(configurations: configurations)
        let reference = candidates.mostAccurate(problems, budgetCap: tiers[tiers.count - 1], tolerance: 0)
        let earlyExit = Self.earlyExit(problems, reference: reference, candidates: candidates, tolerance: options.earlyExitTolerance)
        let exits = problems.map { earlyExit?.fires(on: $0.features) ?? false }
        let folds = problems.map { Self.fold(of: $0.id, folds: options.folds, seed: options.seed) }

        var bins: [AllocationTable.Bin] = []
        var cvCorrect = [Double](repeating: 0, count: tiers.count)
        var cellTokens = [Double](repeating: 0, count: tiers.count)
        let searched = problems.indices.filter { !exits[$0] }
        func choose(_ members: [Int], tier: Int, excludingFold fold: Int? = nil) -> CandidateSet.Choice {
            let inBin = members.filter { fold == nil || folds[$0] != fold }.map { problems[$0] }
            let population = searched.filter { fold == nil || folds[$0] != fold }.map { problems[$0] }
            return candidates.cheapestNearBest(
                inBin, budgetCap: tier, tolerance: options.tolerance, population: population, pooling: options.pooling)
        }
        /// The pick for a bin's members made without `fold`; a bin with no problem outside the fold takes
        /// the pick made on every searched problem outside it.
        func chooseInBin(_ members: [Int], tier: Int, excludingFold fold: Int) -> CandidateSet.Choice {
            choose(members.contains { folds[$0] != fold } ? members : searched, tier: tier, excludingFold: fold)
        }
        for bin in 1...binCount {
            let members = problems.indices.filter { binOf[$0] == bin && !exits[$0] }
            var cells: [AllocationTable.Cell] = []
            for (t, tier) in tiers.enumerated() {
                let pick = choose(members, tier: tier)
                var correct = 0.0
                for fold in 0..<options.folds {
                    let test = members.filter { folds[$0] == fold }.map { problems[$0] }
                    guard !test.isEmpty else { continue }
                    let chosen = chooseInBin(members, tier: tier, excludingFold: fold)
                    correct += test.reduce(0) { $0 + (candidates.correct(chosen, on: $1) ? 1 : 0) }
                }
                let tokens = candidates.meanTokens(pick, on: members.map { problems[$0] })
                cvCorrect[t] += correct
                cellTokens[t] += tokens * Double(members.count)
                cells.append(
                    AllocationTable.Cell(
                        tier: tier, preset: candidates.name(pick),
                        accuracy: members.isEmpty ? nil : correct / Double(members.count), tokens: members.isEmpty ? nil : tokens))
            }
            let pilotRight = members.filter { problems[$0].pilotCorrect }.count
            bins.append(
                AllocationTable.Bin(
                    index: bin, problems: members.count,
                    pilotAccuracy: members.isEmpty ? nil : Double(pilotRight) / Double(members.count), cells: cells))
        }
        bins = Self.fillEmpty(bins)

        // A tier whose cells cost more than the previous tier's plus a second look at their doubtful
        // answers, for about the same accuracy, plans with those and takes the second look instead.
        var escalations: [AllocationTable.Escalation] = []
        let escalationFit = EscalationFit(problems: problems, candidates: candidates, folds: folds, foldCount: options.folds)
        let binMembers = Dictionary(grouping: searched, by: { binOf[$0] })
        var picks: [String: CandidateSet.Choice] = [:]
        // Both cells of a second look are picked as the cells above are, on the same folds.
        func pick(tier: Int) -> EscalationFit.CellChoice {
            { fold, i in
                let key = "\(tier)/\(binOf[i])/\(fold.map(String.init) ?? "all")"
                if let pick = picks[key] { return pick }
                let members = binMembers[binOf[i]] ?? []
                let pick = fold.map { chooseInBin(members, tier: tier, excludingFold: $0) } ?? choose(members, tier: tier)
                picks[key] = pick
                return pick
            }
        }
        for t in tiers.indices.dropFirst() where options.escalate || options.rounds >= 2 {
            let fromTier = tiers[t - 1]
            // The kinds of second look asked for; the fit chooses among them with the threshold, on the training folds.
            let kinds: [Int?] = (options.escalate ? [nil] : []) + (options.rounds >= 2 ? [options.rounds] : [])
            guard
                let outcome = escalationFit.fit(
                    tier: tiers[t], fromTier: fromTier, members: searched, first: pick(tier: fromTier), own: pick(tier: tiers[t]), kinds: kinds,
                    tolerance: options.tolerance),
                outcome.correct >= cvCorrect[t] - options.tolerance * Double(searched.count),
                outcome.tokens < cellTokens[t] * (1 - 1e-9)
            else { continue }
            escalations.append(outcome.escalation)
            cvCorrect[t] = outcome.correct
            cellTokens[t] = outcome.tokens
        }
        let table = AllocationTable(
            binning: options.binning, thresholds: thresholds, tiers: tiers, probe: options.probe, model: options.model,
            earlyExit: earlyExit, bins: bins, escalations: escalations, source: options.source)

        let exitCorrect = problems.indices.filter { exits[$0] && problems[$0].pilotCorrect }.count
        let probeTokens = problems.reduce(0) { $0 + $1.probeTokens } / Double(problems.count)
        let estimates = tiers.enumerated().map { t, tier in
            let fixed = candidates.mostAccurate(problems, budgetCap: tier, tolerance: 0)
            return CalibrationReport.TierEstimate(
                tier: tier, autoAccuracy: (cvCorrect[t] + Double(exitCorrect)) / Double(problems.count),
                autoTokens: probeTokens + cellTokens[t] / Double(problems.count),
                bestFixed: candidates.name(fixed), bestFixedAccuracy: candidates.accuracy(fixed, on: problems),
                bestFixedTokens: candidates.meanTokens(fixed, on: problems))
        }
        let report = CalibrationReport(
            table: table, problems: problems.count, skipped: all.count - problems.count, folds: options.folds,
            probeTokens: probeTokens, exits: exits.filter { $0 }.count, estimates: estimates)
        return Result(table: table, report: report)
    }

    /// Cut points between bins, ascending in difficulty.
    static func thresholds(_ difficulty: [Double], bins: Int, options: CalibrationOptions) throws -> [Double] {
        switch options.binning {
        case .absolute:
            let rates = options.passThresholds
            guard rates.allSatisfy({ (0...1).contains($0) }), zip(rates, rates.dropFirst()).allSatisfy({ $0 > $1 }) else {
                throw CalibrationError(message: "pass thresholds: descending pass rates between 0 and 1, e.g. 0.5,0.1")
            }
            return rates.map { 1 - $0 }
        case .quantile:
            let sorted = difficulty.sorted()
            return (1..<bins).map { k in
                let position = Double(k) / Double(bins) * Double(sorted.count - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(lower + 1, sorted.count - 1)
                return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
            }
        }
    }

    /// The most permissive early exit (unanimous pilots, verifier floor) that costs at most `tolerance`.
    static func earlyExit(
        _ problems: [CalibrationProblem], reference: CandidateSet.Choice, candidates: CandidateSet, tolerance: Double
    ) -> AllocationTable.EarlyExit? {
        let scored = problems.contains { $0.features.minScore != nil }
        let floors: [Double?] = [nil] + (scored ? [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] : [])
        var best: (rule: AllocationTable.EarlyExit, fired: Int)?
        for floor in floors {
            var rule = AllocationTable.EarlyExit(agreement: 1, minScore: floor)
            let fired = problems.filter { rule.fires(on: $0.features) }
            guard !fired.isEmpty else { continue }
            let pilotRight = fired.filter(\.pilotCorrect).count
            let referenceRight = fired.filter { candidates.correct(reference, on: $0) }.count
            guard Double(referenceRight - pilotRight) <= tolerance * Double(fired.count) else { continue }
            rule.accuracy = Double(pilotRight) / Double(fired.count)
            rule.rate = Double(fired.count) / Double(problems.count)
            if best == nil || fired.count > best!.fired { best = (rule, fired.count) }
        }
        return best?.rule
    }

    /// A stable fold for a problem id (FNV-1a, mixed with the seed).
    static func fold(of id: String, folds: Int, seed: UInt64) -> Int {
        var hash = FNV1a()
        hash.add(id.utf8)
        return Int(SeedMixer.mix(seed, hash.value) % UInt64(folds))
    }

    /// A bin no calibration problem fell in takes the cells of the nearest bin that has some.
    static func fillEmpty(_ bins: [AllocationTable.Bin]) -> [AllocationTable.Bin] {
        let filled = bins.filter { ($0.problems ?? 0) > 0 }
        guard !filled.isEmpty else { return bins }
        return bins.map { bin in
            guard (bin.problems ?? 0) == 0 else { return bin }
            let nearest = filled.min { abs($0.index - bin.index) < abs($1.index - bin.index) }!
            var copy = nearest
            copy.index = bin.index
            copy.problems = 0
            return copy
        }
    }
}
