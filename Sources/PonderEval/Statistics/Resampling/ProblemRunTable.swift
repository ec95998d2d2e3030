/// One strategy's scores on one task as problems × runs, so that problems can be resampled instead of
/// runs. A run's score is the mean over its problems; a run need not have every problem.
///
/// Resampling problems is how `ponder compare` bootstraps when a task has a single run: resampling one
/// run would give an interval of width zero, which claims a certainty the data do not have.
public struct ProblemRunTable: Sendable, Equatable {
    /// One graded problem of a run: its index in the task's problem list, and its score.
    public struct Entry: Sendable, Equatable {
        public var problem: Int
        public var score: Double

        public init(problem: Int, score: Double) {
            self.problem = problem
            self.score = score
        }
    }

    /// Problems of the task; tables of different strategies built on the same list resample together.
    public let problemCount: Int
    /// `runs[r]` holds run r's entries.
    public let runs: [[Entry]]

    public init(problemCount: Int, runs: [[Entry]]) {
        precondition(runs.allSatisfy { $0.allSatisfy { (0..<problemCount).contains($0.problem) } }, "entries index the problem list")
        self.problemCount = problemCount
        self.runs = runs.filter { !$0.isEmpty }
    }

    /// Each run's mean score: the table's cells in a runs × tasks matrix.
    public var runMeans: [Double] {
        runs.map { run in run.reduce(0) { $0 + $1.score } / Double(run.count) }
    }

    /// Each run's mean when problem p is counted `weights[p]` times (a problem resample); runs left
    /// with no drawn problem are dropped.
    public func runMeans(problemWeights weights: [Int]) -> [Double] {
        precondition(weights.count == problemCount, "one weight per problem")
        var means: [Double] = []
        means.reserveCapacity(runs.count)
        for run in runs {
            var sum = 0.0, drawn = 0
            for entry in run where weights[entry.problem] > 0 {
                sum += Double(weights[entry.problem]) * entry.score
                drawn += weights[entry.problem]
            }
            if drawn > 0 { means.append(sum / Double(drawn)) }
        }
        return means
    }
}
