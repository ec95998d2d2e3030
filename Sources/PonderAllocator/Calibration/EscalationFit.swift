/// Fits a tier's escalation during calibration: run a lower tier's cells, and when their answer is
/// backed by fewer than a threshold of its candidates, also run the most accurate configuration the tier
/// allows and answer with it.
///
/// Everything the second look depends on (the first cells, the wide configuration, the threshold that
/// gets the most problems right, the cheaper on ties) is chosen on the training folds and scored on the
/// held-out one, so the accuracy estimate is out of sample like the cells'. The token estimate is that of
/// what ships: the choices made on every problem.
struct EscalationFit {
    /// Thresholds tried: 0 never escalates, 1 escalates every answer that is not unanimous.
    static let thresholds: [Double] = [0] + stride(from: 0.3, through: 1.0001, by: 0.05).map { ($0 * 100).rounded() / 100 }

    let problems: [CalibrationProblem]
    let candidates: CandidateSet
    let folds: [Int]
    let foldCount: Int

    struct Outcome {
        var escalation: AllocationTable.Escalation
        /// Out-of-sample right answers, and tokens of the shipped choices, summed over the problems given.
        var correct: Double
        var tokens: Double
    }

    /// A choice of the first search for a problem (by index), made without the given fold (nil: on all).
    typealias FirstChoice = (_ withoutFold: Int?, _ problem: Int) -> CandidateSet.Choice

    private struct Plan {
        var first: FirstChoice
        var wide: CandidateSet.Choice
        var threshold: Double
        var fold: Int?
    }

    /// The escalation for `tier` from `fromTier` over `members` (indices of searched problems), or nil when
    /// the tier allows no configuration or the best threshold is never to escalate.
    func fit(tier: Int, fromTier: Int, members: [Int], first: @escaping FirstChoice) -> Outcome? {
        func wide(without fold: Int?) -> CandidateSet.Choice {
            candidates.mostAccurate(members.filter { fold == nil || folds[$0] != fold }.map { problems[$0] }, budgetCap: tier, tolerance: 0)
        }
        func tally(_ plan: Plan, on indices: [Int]) -> (correct: Int, tokens: Double, escalated: Int) {
            var correct = 0
            var tokens = 0.0
            var escalated = 0
            for i in indices {
                let problem = problems[i]
                let start = plan.first(plan.fold, i)
                tokens += candidates.tokens(start, on: problem)
                if (candidates.agreement(start, on: problem) ?? 1) < plan.threshold - 1e-12 {
                    escalated += 1
                    tokens += candidates.tokens(plan.wide, on: problem)
                    correct += candidates.correct(plan.wide, on: problem) ? 1 : 0
                } else {
                    correct += candidates.correct(start, on: problem) ? 1 : 0
                }
            }
            return (correct, tokens, escalated)
        }
        func bestThreshold(without fold: Int?) -> Plan? {
            let wideChoice = wide(without: fold)
            guard case .configuration = wideChoice else { return nil }
            let training = members.filter { fold == nil || folds[$0] != fold }
            var best: (plan: Plan, correct: Int, tokens: Double)?
            for threshold in Self.thresholds {
                let plan = Plan(first: first, wide: wideChoice, threshold: threshold, fold: fold)
                let t = tally(plan, on: training)
                if best == nil || t.correct > best!.correct || (t.correct == best!.correct && t.tokens < best!.tokens) {
                    best = (plan, t.correct, t.tokens)
                }
            }
            return best?.plan
        }

        guard let shipped = bestThreshold(without: nil), shipped.threshold > 0 else { return nil }
        var correct = 0.0
        for fold in 0..<foldCount {
            let test = members.filter { folds[$0] == fold }
            guard !test.isEmpty, let plan = bestThreshold(without: fold) else { continue }
            correct += Double(tally(plan, on: test).correct)
        }
        let whole = tally(shipped, on: members)
        let escalated = members.filter { i in
            (candidates.agreement(first(nil, i), on: problems[i]) ?? 1) < shipped.threshold - 1e-12
        }
        let wideTokens = escalated.isEmpty ? 0 : escalated.reduce(0) { $0 + candidates.tokens(shipped.wide, on: problems[$1]) } / Double(escalated.count)
        let escalation = AllocationTable.Escalation(
            tier: tier, fromTier: fromTier, below: shipped.threshold, preset: candidates.name(shipped.wide), tokens: wideTokens,
            rate: members.isEmpty ? nil : Double(whole.escalated) / Double(members.count))
        return Outcome(escalation: escalation, correct: correct, tokens: whole.tokens)
    }
}
