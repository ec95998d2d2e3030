extension ComparisonBuilder {
    /// AdaStop's design in `ponder compare`: the library defaults, n = 5 runs per look, at most K = 5
    /// looks, B = 10,000 permutation paths, at the report's alpha.
    var sequentialDesign: AdaStop {
        AdaStop(runsPerLook: 5, maxLooks: 5, permutations: 10_000, alpha: options.alpha)
    }

    /// AdaStop over runs: each strategy's score per run is the mean over tasks of that run's task means,
    /// runs taken in `RunLabelOrder`.
    func sequentialDecision(_ names: [String], sets: [ScoreTableSet]) -> SequentialDecision {
        let design = sequentialDesign
        guard names.count >= 2 else { return SequentialDecision(alpha: design.alpha, runsUsed: 0, decisions: []) }
        let runScores = sets.map(Self.runScores)
        let outcome = design.compare(runScores, seed: options.seed)
        let decisions = outcome.decisions.map { decision in
            let (a, b) = (names[decision.first], names[decision.second])
            switch decision.verdict {
            case .differ(let winner): return SequentialDecision.PairDecision(a: a, b: b, verdict: "differ", better: names[winner])
            case .equal: return SequentialDecision.PairDecision(a: a, b: b, verdict: "equal", better: nil)
            case .undecided: return SequentialDecision.PairDecision(a: a, b: b, verdict: "undecided", better: nil)
            }
        }
        return SequentialDecision(alpha: design.alpha, runsUsed: outcome.runsUsed, decisions: decisions)
    }

    static func runScores(_ set: ScoreTableSet) -> [Double] {
        var cellsByRun: [String: [Double]] = [:]
        for (labels, cells) in zip(set.runLabels, set.cells) {
            for (label, cell) in zip(labels, cells) { cellsByRun[label, default: []].append(cell) }
        }
        return RunLabelOrder.sorted(cellsByRun.keys).map { label in
            let cells = cellsByRun[label]!
            return cells.reduce(0, +) / Double(cells.count)
        }
    }
}
