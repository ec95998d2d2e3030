/// rliable's stratified bootstrap (Agarwal et al., "Deep RL at the edge of the statistical precipice",
/// 2021): within each task, draw as many runs as it has, with replacement, independently per task, so
/// every replicate keeps the task mix of the data.
///
/// Input and output are each task's run scores (`[task][run]`); tasks may have different run counts.
public enum StratifiedBootstrap {
    public static func resampleRuns(_ taskRunScores: [[Double]], using rng: inout SplitMix64) -> [[Double]] {
        taskRunScores.map { runs in
            (0..<runs.count).map { _ in runs[rng.index(below: runs.count)] }
        }
    }

    /// How many times each of `count` units is drawn in one resample of `count` draws with replacement.
    public static func drawCounts(_ count: Int, using rng: inout SplitMix64) -> [Int] {
        var counts = Array(repeating: 0, count: count)
        for _ in 0..<count { counts[rng.index(below: count)] += 1 }
        return counts
    }
}
