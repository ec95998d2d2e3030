import Foundation

/// The Wilson score interval for a proportion (Wilson 1927), the recommended small-sample interval for
/// an accuracy: unlike the normal approximation it stays inside [0, 1] and does not collapse at 0/n or
/// n/n.
///
/// ```swift
/// WilsonInterval.interval(successes: 8, count: 10)  // [0.490, 0.943]
/// ```
public enum WilsonInterval {
    /// The 0.975 quantile of the standard normal (`scipy.stats.norm.ppf(0.975)`), for 95% intervals.
    public static let z95 = 1.959963984540054

    public static func interval(successes: Int, count: Int, z: Double = z95) -> Interval {
        precondition(count > 0 && (0...count).contains(successes), "successes out of a positive count")
        let n = Double(count)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return Interval(max(0, center - halfWidth), min(1, center + halfWidth))
    }
}
