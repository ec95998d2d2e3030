/// What the stratified bootstrap of `ponder compare` draws with replacement within each task.
///
/// rliable resamples runs (seeds), the source of variation it studies. With a single run on a task that
/// would always redraw the same run and give intervals of width zero, so when any task has a single run
/// the builder resamples problems instead, and run means are recomputed from the drawn problems. Either
/// way the tasks stay fixed (stratified), and the same unit is used throughout one report.
enum ResamplingUnit: Equatable {
    case runs
    case problems

    static func choose(_ sets: [ScoreTableSet]) -> ResamplingUnit {
        sets.allSatisfy(\.hasRepeatedRuns) ? .runs : .problems
    }

    var description: String {
        switch self {
        case .runs:
            return "percentile bootstrap; aggregates, profiles and probability of improvement resample runs within each task "
                + "(rliable's stratified bootstrap); mean differences resample problems, paired"
        case .problems:
            return "percentile bootstrap; aggregates and profiles resample problems within each task (some task has a single run); "
                + "probability of improvement is over paired problems, resampled within each task; mean differences resample problems, paired"
        }
    }

    /// One replicate of a strategy's cells.
    func resample(_ set: ScoreTableSet, using rng: inout SplitMix64) -> [[Double]] {
        switch self {
        case .runs:
            return StratifiedBootstrap.resampleRuns(set.cells, using: &rng)
        case .problems:
            return set.tables.map { $0.runMeans(problemWeights: StratifiedBootstrap.drawCounts($0.problemCount, using: &rng)) }
        }
    }

    /// One replicate of two strategies' cells on their paired rows: runs are drawn independently for
    /// each strategy (as rliable does), problems once for both (they are the same problems).
    func resamplePair(_ a: ScoreTableSet, _ b: ScoreTableSet, using rng: inout SplitMix64) -> PairedCells {
        switch self {
        case .runs:
            let first = StratifiedBootstrap.resampleRuns(a.cells, using: &rng)
            return PairedCells(a: first, b: StratifiedBootstrap.resampleRuns(b.cells, using: &rng))
        case .problems:
            var cellsA: [[Double]] = [], cellsB: [[Double]] = []
            for (tableA, tableB) in zip(a.tables, b.tables) {
                let weights = StratifiedBootstrap.drawCounts(tableA.problemCount, using: &rng)
                cellsA.append(tableA.runMeans(problemWeights: weights))
                cellsB.append(tableB.runMeans(problemWeights: weights))
            }
            return PairedCells(a: cellsA, b: cellsB)
        }
    }

    struct PairedCells {
        var a: [[Double]]
        var b: [[Double]]
    }
}
