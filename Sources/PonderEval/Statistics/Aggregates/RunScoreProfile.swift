/// A performance profile (Agarwal et al. 2021; Dolan & Moré 2002 in spirit): for each threshold τ, the
/// fraction of all run scores (cells of the runs × tasks matrix, pooled) strictly above τ. It shows
/// the whole score distribution instead of one aggregate, so a strategy that wins on average but
/// fails more often is visible.
///
/// ```swift
/// RunScoreProfile.fractionAbove([0.2, 0.5, 0.9], taus: [0, 0.5, 1])  // [1, 1/3, 0]
/// ```
public enum RunScoreProfile {
    public static func fractionAbove(_ scores: [Double], taus: [Double]) -> [Double] {
        precondition(!scores.isEmpty, "no scores to profile")
        let sorted = scores.sorted()
        return taus.map { tau in
            Double(sorted.count - countAtMost(tau, in: sorted)) / Double(sorted.count)
        }
    }

    /// `count` thresholds evenly spaced from `low` to `high`, both included.
    public static func evenlySpacedTaus(from low: Double, to high: Double, count: Int) -> [Double] {
        precondition(count >= 2 && high > low, "at least two thresholds over a non-empty range")
        return (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
    }

    private static func countAtMost(_ tau: Double, in sorted: [Double]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= tau { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
