/// Scores keyed by (task, problem, run), arranged per task as problems × runs tables: the runs × tasks
/// matrix of rliable (each cell a run's mean over its problems) together with what is needed to
/// resample problems instead of runs.
///
/// Two sets built from the same keys (the paired rows of two strategies) list the same problems in the
/// same order, so one problem draw applies to both.
struct ScoreTableSet {
    /// Task labels in sorted order.
    let tasks: [String]
    let tables: [ProblemRunTable]
    /// `cells[t][r]`: run r's mean score on task t, runs in `RunLabelOrder`.
    let cells: [[Double]]
    /// `runLabels[t][r]`: the label of run r on task t.
    let runLabels: [[String]]

    init(_ scores: [ResultRow.PairingKey: Double]) {
        let byTask = Dictionary(grouping: scores.keys, by: \.task)
        tasks = byTask.keys.sorted()
        var tables: [ProblemRunTable] = [], labels: [[String]] = []
        for task in tasks {
            let keys = byTask[task]!
            let problems = Array(Set(keys.map(\.problemID))).sorted()
            let problemIndex = Dictionary(uniqueKeysWithValues: problems.enumerated().map { ($1, $0) })
            let runs = RunLabelOrder.sorted(keys.map(\.run))
            let runIndex = Dictionary(uniqueKeysWithValues: runs.enumerated().map { ($1, $0) })
            var entries = Array(repeating: [ProblemRunTable.Entry](), count: runs.count)
            for key in keys.sorted() {
                entries[runIndex[key.run]!].append(.init(problem: problemIndex[key.problemID]!, score: scores[key]!))
            }
            tables.append(ProblemRunTable(problemCount: problems.count, runs: entries))
            labels.append(runs)
        }
        self.tables = tables
        runLabels = labels
        cells = tables.map(\.runMeans)
    }

    /// The mean over runs on each task.
    var taskMeans: [Double] {
        cells.map { $0.reduce(0, +) / Double($0.count) }
    }

    /// Whether every task has at least two runs, so that resampling runs says something.
    var hasRepeatedRuns: Bool {
        cells.allSatisfy { $0.count >= 2 }
    }
}
