/// Fits a tier's escalation during calibration: run the previous tier's cells, and when their answer is
/// backed by fewer than a threshold of its candidates, also run the most accurate configuration the tier
/// allows and answer with it.
///
/// The threshold is the one that gets the most problems right on the training folds (the cheaper on
/// ties), scored on the held-out fold, so the estimate is out of sample like the cells'. The tier takes
/// the escalation when that estimate is within `tolerance` of the tier's own cells and costs fewer tokens.
struct EscalationFit {
    /// Thresholds tried: 0 never escalates, 1 escalates every answer that is not unanimous.
    static let thresholds: [Double] = [0] + stride(from: 0.3, through: 1.0001, by: 0.05).map { ($0 * 100).rounded() / 100 }

    let problems: [CalibrationProblem]
    let candidates: CandidateSet
    let folds: [Int]
    let foldCount: Int

    struct Outcome {
        var escalation: AllocationTable.Escalation
        /// Out-of-sample right answers and summed tokens over the problems given.
        var correct: Double
        var tokens: Double
    }

    /// The escalation for `tier` over `members` (indices of searched problems) with `base[i]` the choice
    /// the previous tier's cell makes for problem i, or nil when no configuration within the tier is
    /// known or no candidate agreement was recorded.
    func fit(tier: Int, members: [Int], base: [Int: CandidateSet.Choice]) -> Outcome? {
        let population = members.map { problems[$0] }
        let wide = candidates.mostAccurate(population, budgetCap: tier, tolerance: 0)
        guard case .configuration = wide else { return nil }
        guard members.contains(where: { i in base[i].flatMap { candidates.agreement($0, on: problems[i]) } != nil }) else { return nil }

        func tally(_ threshold: Double, on indices: [Int]) -> (correct: Int, tokens: Double, escalated: Int) {
            var correct = 0
            var tokens = 0.0
            var escalated = 0
            for i in indices {
                let problem = problems[i]
                let first = base[i] ?? .pilots
                tokens += candidates.tokens(first, on: problem)
                let agreement = candidates.agreement(first, on: problem) ?? 1
                if agreement < threshold - 1e-12 {
                    escalated += 1
                    tokens += candidates.tokens(wide, on: problem)
                    correct += candidates.correct(wide, on: problem) ? 1 : 0
                } else {
                    correct += candidates.correct(first, on: problem) ? 1 : 0
                }
            }
            return (correct, tokens, escalated)
        }
        func best(on indices: [Int]) -> Double {
            var pick = (threshold: 0.0, correct: -1, tokens: Double.infinity)
            for threshold in Self.thresholds {
                let t = tally(threshold, on: indices)
                if t.correct > pick.correct || (t.correct == pick.correct && t.tokens < pick.tokens) {
                    pick = (threshold, t.correct, t.tokens)
                }
            }
            return pick.threshold
        }

        var correct = 0.0
        var tokens = 0.0
        for fold in 0..<foldCount {
            let test = members.filter { folds[$0] == fold }
            guard !test.isEmpty else { continue }
            let threshold = best(on: members.filter { folds[$0] != fold })
            let t = tally(threshold, on: test)
            correct += Double(t.correct)
            tokens += t.tokens
        }
        let threshold = best(on: members)
        guard threshold > 0 else { return nil }
        let escalated = members.filter { i in (candidates.agreement(base[i] ?? .pilots, on: problems[i]) ?? 1) < threshold - 1e-12 }
        let wideTokens = escalated.isEmpty ? 0 : escalated.reduce(0) { $0 + candidates.tokens(wide, on: problems[$1]) } / Double(escalated.count)
        let escalation = AllocationTable.Escalation(
            tier: tier, below: threshold, preset: candidates.name(wide), tokens: wideTokens,
            rate: members.isEmpty ? nil : Double(escalated.count) / Double(members.count))
        return Outcome(escalation: escalation, correct: correct, tokens: tokens)
    }
}
