/// The choices a cell can hold during calibration: the pilots' own answer (free once probed) or one of
/// the swept configurations.
struct CandidateSet {
    enum Choice: Hashable {
        case pilots
        case configuration(Int)
    }

    let configurations: [CalibrationConfiguration]

    func name(_ choice: Choice) -> String {
        switch choice {
        case .pilots: return AllocationTable.pilotsPlan
        case .configuration(let index): return configurations[index].name
        }
    }

    func correct(_ choice: Choice, on problem: CalibrationProblem) -> Bool {
        switch choice {
        case .pilots: return problem.pilotCorrect
        case .configuration(let index): return problem.outcomes[configurations[index].name]?.correct ?? false
        }
    }

    /// How firmly the choice's candidates backed its answer on the problem, nil when unknown.
    func agreement(_ choice: Choice, on problem: CalibrationProblem) -> Double? {
        switch choice {
        case .pilots: return problem.pilotAgreement ?? problem.features.agreement
        case .configuration(let index): return problem.outcomes[configurations[index].name]?.agreement
        }
    }

    /// The pooled rounds of a configuration on a problem (none for the pilots, or when not run).
    func rounds(_ choice: Choice, on problem: CalibrationProblem) -> [PooledRound] {
        switch choice {
        case .pilots: return []
        case .configuration(let index): return problem.outcomes[configurations[index].name]?.rounds ?? []
        }
    }

    func tokens(_ choice: Choice, on problem: CalibrationProblem) -> Double {
        switch choice {
        case .pilots: return 0
        case .configuration(let index): return problem.outcomes[configurations[index].name]?.tokens ?? 0
        }
    }

    func accuracy(_ choice: Choice, on problems: [CalibrationProblem]) -> Double {
        problems.isEmpty ? 0 : Double(correctCount(choice, on: problems)) / Double(problems.count)
    }

    func correctCount(_ choice: Choice, on problems: [CalibrationProblem]) -> Int {
        problems.reduce(0) { $0 + (correct(choice, on: $1) ? 1 : 0) }
    }

    func meanTokens(_ choice: Choice, on problems: [CalibrationProblem]) -> Double {
        problems.isEmpty ? 0 : problems.reduce(0) { $0 + tokens(choice, on: $1) } / Double(problems.count)
    }

    func choices(budgetCap: Int, includingPilots: Bool) -> [Choice] {
        (includingPilots ? [.pilots] : [])
            + configurations.indices.filter { configurations[$0].budget <= budgetCap }.map { .configuration($0) }
    }

    /// The cheapest choice whose estimated accuracy on `problems` is within `tolerance` of the best one's.
    ///
    /// With `pooling` > 0 the estimate is shrunk toward the choice's accuracy on `population` (partial
    /// pooling: `pooling` pseudo-problems at the population rate), so that among many candidates scored
    /// on a small bin the pick follows what is good in general unless the bin says clearly otherwise.
    func cheapestNearBest(
        _ problems: [CalibrationProblem], budgetCap: Int, tolerance: Double, population: [CalibrationProblem] = [], pooling: Double = 0
    ) -> Choice {
        let options = choices(budgetCap: budgetCap, includingPilots: true)
        guard !problems.isEmpty else { return .pilots }
        let scored = options.map { choice -> (choice: Choice, accuracy: Double, tokens: Double) in
            let right = Double(correctCount(choice, on: problems))
            let weight = population.isEmpty ? 0 : pooling
            let prior = weight > 0 ? accuracy(choice, on: population) : 0
            return (choice, (right + weight * prior) / (Double(problems.count) + weight), meanTokens(choice, on: problems))
        }
        let best = scored.map(\.accuracy).max() ?? 0
        return scored.filter { $0.accuracy >= best - tolerance - 1e-12 }.min { $0.tokens < $1.tokens }!.choice
    }

    /// The most accurate configuration (not the pilots) within the cap, the cheaper on ties.
    func mostAccurate(_ problems: [CalibrationProblem], budgetCap: Int, tolerance: Double) -> Choice {
        let options = choices(budgetCap: budgetCap, includingPilots: false)
        guard !options.isEmpty else { return .pilots }
        let scored = options.map { (choice: $0, accuracy: accuracy($0, on: problems), tokens: meanTokens($0, on: problems)) }
        let best = scored.map(\.accuracy).max() ?? 0
        return scored.filter { $0.accuracy >= best - tolerance - 1e-12 }.min { $0.tokens < $1.tokens }!.choice
    }
}
