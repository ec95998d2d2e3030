/// rliable's probability of improvement of X over Y (Agarwal et al. 2021): on each task, the chance
/// that a random run of X beats a random run of Y, counting ties as half,
/// `(#{xᵢ > yⱼ} + ½·#{xᵢ = yⱼ}) / (n_x·n_y)` (the Mann–Whitney U statistic scaled to [0, 1]), averaged
/// over tasks. P(Y > X) = 1 − P(X > Y).
///
/// Inputs are each task's run scores, `[task][run]`, with the same tasks in the same order for X and Y.
public enum ProbabilityOfImprovement {
    public static func estimate(x: [[Double]], y: [[Double]]) -> Double {
        precondition(x.count == y.count && !x.isEmpty, "the same, non-empty list of tasks for both")
        var total = 0.0
        for (xRuns, yRuns) in zip(x, y) {
            total += taskProbability(xRuns, yRuns)
        }
        return total / Double(x.count)
    }

    static func taskProbability(_ x: [Double], _ y: [Double]) -> Double {
        precondition(!x.isEmpty && !y.isEmpty, "every task needs a run of each")
        var wins = 0.0
        for a in x {
            for b in y {
                if a > b { wins += 1 } else if a == b { wins += 0.5 }
            }
        }
        return wins / Double(x.count * y.count)
    }
}
