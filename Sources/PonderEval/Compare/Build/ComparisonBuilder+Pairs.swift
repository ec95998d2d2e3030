extension ComparisonBuilder {
    /// The rows two strategies share, arranged for comparison.
    struct PairInput {
        var a: Int
        var b: Int
        var scores: StrategyRows.PairedScores
        var setA: ScoreTableSet
        var setB: ScoreTableSet
    }

    static func pairInputs(_ strategies: [StrategyRows]) throws(ComparisonError) -> [PairInput] {
        var inputs: [PairInput] = []
        for a in strategies.indices {
            for b in (a + 1)..<strategies.count {
                let scores = strategies[a].paired(with: strategies[b])
                guard !scores.a.isEmpty else { throw .nothingPaired(a: strategies[a].name, b: strategies[b].name) }
                inputs.append(PairInput(a: a, b: b, scores: scores, setA: ScoreTableSet(scores.a), setB: ScoreTableSet(scores.b)))
            }
        }
        return inputs
    }

    func comparePair(_ input: PairInput, names: [String], unit: ResamplingUnit, binary: Bool) -> PairComparison {
        let nameA = names[input.a], nameB = names[input.b]
        let keys = input.scores.a.keys.sorted()
        var problems: [ProblemKey: PairedBootstrap.Unit] = [:]
        var onlyA = 0, onlyB = 0
        for key in keys {
            let scoreA = input.scores.a[key]!, scoreB = input.scores.b[key]!
            problems[ProblemKey(task: key.task, problemID: key.problemID), default: .init(differenceSum: 0, runs: 0)]
                .accumulate(scoreA - scoreB)
            if scoreA > 0.5 && scoreB <= 0.5 { onlyA += 1 }
            if scoreB > 0.5 && scoreA <= 0.5 { onlyB += 1 }
        }
        let units = problems.keys.sorted().map { problems[$0]! }
        var differenceRNG = SplitMix64(seed: options.seed, stream: "pair/\(nameA)/\(nameB)/difference")
        let differenceCI = PairedBootstrap.meanDifferenceInterval(units, reps: options.reps, using: &differenceRNG)

        let improvement: Double
        let improvementCI: Interval
        if unit == .problems {
            (improvement, improvementCI) = pairedProbabilityOfImprovement(input.scores, names: (nameA, nameB))
        } else {
            improvement = ProbabilityOfImprovement.estimate(x: input.setA.cells, y: input.setB.cells)
            var improvementRNG = SplitMix64(seed: options.seed, stream: "pair/\(nameA)/\(nameB)/improvement")
            var replicates = BootstrapReplicates(statistics: 1, reps: options.reps)
            for _ in 0..<options.reps {
                let cells = unit.resamplePair(input.setA, input.setB, using: &improvementRNG)
                replicates.record(ProbabilityOfImprovement.estimate(x: cells.a, y: cells.b))
            }
            improvementCI = replicates.percentileIntervals()[0]
        }
        let mcnemar = binary ? McNemarTest(onlyA: onlyA, onlyB: onlyB) : nil
        return PairComparison(
            a: nameA, b: nameB, count: keys.count,
            meanDiff: PairedBootstrap.meanDifference(units),
            ci95: differenceCI, onlyA: onlyA, onlyB: onlyB,
            mcnemarP: mcnemar?.exactP, mcnemarMidP: mcnemar?.midP, holmP: nil,
            probImprovement: improvement, probImprovementCI95: improvementCI
        )
    }

    /// Holm's adjustment of the McNemar p-values across every pair of the report.
    static func adjustForMultipleTests(_ pairs: inout [PairComparison]) {
        let tested = pairs.indices.filter { pairs[$0].mcnemarP != nil }
        let adjusted = HolmAdjustment.adjust(tested.map { pairs[$0].mcnemarP! })
        for (index, p) in zip(tested, adjusted) { pairs[index].holmP = p }
    }

    struct ProblemKey: Hashable, Comparable {
        var task: String
        var problemID: String

        static func < (x: ProblemKey, y: ProblemKey) -> Bool {
            (x.task, x.problemID) < (y.task, y.problemID)
        }
    }
}

extension PairedBootstrap.Unit {
    mutating func accumulate(_ difference: Double) {
        differenceSum += difference
        runs += 1
    }
}
