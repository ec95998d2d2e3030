extension ComparisonBuilder {
    /// Probability of improvement when some task has a single run (the usual `ponder run`): rliable's
    /// run-level definition would compare one run mean with another and say only 0, ½ or 1. Problems
    /// take the place of runs instead: on each task, the share of paired attempts (problem × run) where A
    /// scores above B, ties counting half, averaged over tasks; the interval resamples problems within
    /// each task, the same draws for A and B.
    func pairedProbabilityOfImprovement(
        _ scores: StrategyRows.PairedScores, names: (a: String, b: String)
    ) -> (estimate: Double, interval: Interval) {
        var winsByTask: [String: [Double]] = [:]
        for key in scores.a.keys.sorted() {
            let a = scores.a[key]!, b = scores.b[key]!
            winsByTask[key.task, default: []].append(a > b ? 1 : a == b ? 0.5 : 0)
        }
        let tasks = winsByTask.keys.sorted().map { winsByTask[$0]! }
        func estimate(_ weights: [[Int]]?) -> Double {
            var total = 0.0
            for (index, wins) in tasks.enumerated() {
                var sum = 0.0, count = 0
                for (row, win) in wins.enumerated() {
                    let weight = weights?[index][row] ?? 1
                    sum += Double(weight) * win
                    count += weight
                }
                total += count > 0 ? sum / Double(count) : 0.5
            }
            return total / Double(tasks.count)
        }
        var rng = SplitMix64(seed: options.seed, stream: "pair/\(names.a)/\(names.b)/improvement")
        var replicates = BootstrapReplicates(statistics: 1, reps: options.reps)
        for _ in 0..<options.reps {
            replicates.record(estimate(tasks.map { StratifiedBootstrap.drawCounts($0.count, using: &rng) }))
        }
        return (estimate(nil), replicates.percentileIntervals()[0])
    }
}
