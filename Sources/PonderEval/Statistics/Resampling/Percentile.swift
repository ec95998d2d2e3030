/// Percentiles by linear interpolation between order statistics: numpy's default
/// (`np.percentile(x, q, method="linear")`, Hyndman & Fan's type 7). The q-quantile of sorted values
/// `x[0..<n]` sits at `h = (n - 1)·q`, between `x[⌊h⌋]` and `x[⌊h⌋ + 1]`.
///
/// ```swift
/// Percentile.quantile(ofSorted: [1, 2, 3, 4], 0.5)  // 2.5
/// ```
public enum Percentile {
    public static func quantile(ofSorted sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "no values to take a percentile of")
        precondition((0...1).contains(q), "a quantile lies in [0, 1]")
        let position = Double(sorted.count - 1) * q
        let lower = Int(position.rounded(.down))
        guard lower + 1 < sorted.count else { return sorted[sorted.count - 1] }
        let fraction = position - Double(lower)
        let a = sorted[lower], b = sorted[lower + 1]
        // numpy interpolates from the nearer end, which keeps the result monotone in q.
        return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction)
    }

    public static func quantile(of values: [Double], _ q: Double) -> Double {
        quantile(ofSorted: values.sorted(), q)
    }

    /// The central interval holding `confidence` of the values: the percentile bootstrap interval when
    /// the values are bootstrap replicates.
    public static func centralInterval(of values: [Double], confidence: Double = 0.95) -> Interval {
        let sorted = values.sorted()
        let tail = (1 - confidence) / 2
        return Interval(quantile(ofSorted: sorted, tail), quantile(ofSorted: sorted, 1 - tail))
    }

    /// The median, numpy's way (the mean of the two middle values for an even count).
    public static func median(of values: [Double]) -> Double {
        quantile(of: values, 0.5)
    }
}
