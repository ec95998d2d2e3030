/// Fits a tier's escalation during calibration: run a lower tier's cell first, and when its answer is
/// backed by fewer than a threshold of its candidates, run the tier's own cell as well and answer with it.
///
/// Everything the second look depends on (both cells and the threshold that gets the most problems
/// right, the cheaper on ties) is chosen on the training folds and scored on the held-out one, so the
/// accuracy estimate is out of sample like the cells'. The token estimate is that of what ships: the
/// choices made on every problem.
struct EscalationFit {
    /// Thresholds tried: 0 never escalates, 1 escalates every answer that is not unanimous.
    static let thresholds: [Double] = ([0] + stride(from: 0.3, through: 1.0001, by: 0.05).map { ($0 * 100).rounded() / 100 }
        + [0.98]).sorted()

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

    /// A cell's choice for a problem (by index), made without the given fold (nil: on every problem).
    typealias CellChoice = (_ withoutFold: Int?, _ problem: Int) -> CandidateSet.Choice

    /// The escalation for `tier` from `fromTier` over `members` (indices of searched problems), or nil when
    /// the best threshold is never to escalate. Each of `kinds` is a kind of second look: nil for the tier's
    /// own cell, R for rounds, which repeat the first cell up to R runs in all and pool them (read from the
    /// first cell's `CalibrationOutcome.rounds`; where the first cell is the pilots, the tier's own cell
    /// runs, as `AllocationTable.plannedCells` plans it). The kind is chosen with the threshold, on the
    /// training folds: the cheapest kind whose best threshold is within `tolerance` of the most accurate.
    func fit(
        tier: Int, fromTier: Int, members: [Int], first: @escaping CellChoice, own: @escaping CellChoice, kinds: [Int?] = [nil],
        tolerance: Double = 0
    ) -> Outcome? {
        func tally(_ rounds: Int?, _ threshold: Double, fold: Int?, on indices: [Int]) -> (correct: Int, tokens: Double, escalated: Int) {
            var correct = 0
            var tokens = 0.0
            var escalated = 0
            for i in indices {
                let problem = problems[i]
                let start = first(fold, i)
                let wide = own(fold, i)
                if let rounds, start != .pilots {
                    let pooled = candidates.rounds(start, on: problem)
                    guard !pooled.isEmpty else {
                        tokens += candidates.tokens(start, on: problem)
                        correct += candidates.correct(start, on: problem) ? 1 : 0
                        continue
                    }
                    let last = min(rounds, pooled.count) - 1
                    let stop = pooled.indices.first { $0 == last || pooled[$0].share >= threshold - 1e-12 } ?? last
                    if stop > 0 { escalated += 1 }
                    tokens += pooled[stop].tokens
                    correct += pooled[stop].correct ? 1 : 0
                    continue
                }
                if rounds != nil {
                    tokens += candidates.tokens(wide, on: problem)
                    correct += candidates.correct(wide, on: problem) ? 1 : 0
                    continue
                }
                tokens += candidates.tokens(start, on: problem)
                if wide != start, wide != .pilots, (candidates.agreement(start, on: problem) ?? 1) < threshold - 1e-12 {
                    escalated += 1
                    tokens += candidates.tokens(wide, on: problem)
                    correct += candidates.correct(wide, on: problem) ? 1 : 0
                } else {
                    correct += candidates.correct(start, on: problem) ? 1 : 0
                }
            }
            return (correct, tokens, escalated)
        }
        func bestChoice(without fold: Int?) -> (rounds: Int?, threshold: Double) {
            let training = members.filter { fold == nil || folds[$0] != fold }
            // Each kind at its best threshold (most right, then fewest tokens); then, as cells are chosen,
            // the cheapest kind within `tolerance` of the most accurate one.
            let best = kinds.map { rounds in
                var best = (rounds: rounds, threshold: 0.0, correct: -1, tokens: Double.infinity)
                for threshold in Self.thresholds {
                    let t = tally(rounds, threshold, fold: fold, on: training)
                    if t.correct > best.correct || (t.correct == best.correct && t.tokens < best.tokens) {
                        best = (rounds, threshold, t.correct, t.tokens)
                    }
                }
                return best
            }
            let most = best.map(\.correct).max() ?? 0
            let near = best.filter { Double($0.correct) >= Double(most) - tolerance * Double(training.count) - 1e-9 }
            let pick = near.min { $0.tokens != $1.tokens ? $0.tokens < $1.tokens : $0.correct > $1.correct } ?? best[0]
            return (pick.rounds, pick.threshold)
        }

        let shipped = bestChoice(without: nil)
        guard shipped.threshold > 0 else { return nil }
        var correct = 0.0
        for fold in 0..<foldCount {
            let test = members.filter { folds[$0] == fold }
            guard !test.isEmpty else { continue }
            let choice = bestChoice(without: fold)
            correct += Double(tally(choice.rounds, choice.threshold, fold: fold, on: test).correct)
        }
        let whole = tally(shipped.rounds, shipped.threshold, fold: nil, on: members)
        let escalation = AllocationTable.Escalation(
            tier: tier, fromTier: fromTier, below: shipped.threshold,
            rate: members.isEmpty ? nil : Double(whole.escalated) / Double(members.count), rounds: shipped.rounds)
        return Outcome(escalation: escalation, correct: correct, tokens: whole.tokens)
    }
}
