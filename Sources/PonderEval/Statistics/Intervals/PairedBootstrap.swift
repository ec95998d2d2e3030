/// The paired percentile bootstrap of a mean score difference: resample problems with replacement and
/// apply the same draw to both strategies, so what varies between replicates is which problems were
/// asked, not how the two strategies' luck on a problem was matched.
///
/// Each problem is one unit holding the sum of its differences over the runs both strategies share and
/// how many runs that is; a replicate's statistic is Σ sums / Σ counts over the drawn units. With the
/// same runs on every problem this is the mean of per-problem averages ("average within a problem
/// first, then resample problems"), and on the data itself it is the plain mean over paired rows.
public enum PairedBootstrap {
    public struct Unit: Sendable, Equatable {
        public var differenceSum: Double
        public var runs: Int

        public init(differenceSum: Double, runs: Int) {
            self.differenceSum = differenceSum
            self.runs = runs
        }
    }

    public static func meanDifference(_ units: [Unit]) -> Double {
        let sum = units.reduce(0) { $0 + $1.differenceSum }
        let count = units.reduce(0) { $0 + $1.runs }
        return sum / Double(count)
    }

    public static func meanDifferenceInterval(
        _ units: [Unit], reps: Int, using rng: inout SplitMix64, confidence: Double = 0.95
    ) -> Interval {
        precondition(!units.isEmpty && reps > 0, "units to resample and at least one replicate")
        var replicates = BootstrapReplicates(statistics: 1, reps: reps)
        for _ in 0..<reps {
            var sum = 0.0, count = 0
            for _ in units.indices {
                let unit = units[rng.index(below: units.count)]
                sum += unit.differenceSum
                count += unit.runs
            }
            replicates.record(sum / Double(count))
        }
        return replicates.percentileIntervals(confidence: confidence)[0]
    }
}
