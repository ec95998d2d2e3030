/// Holm's step-down adjustment (Holm 1979) of p-values for a family of tests, controlling the
/// family-wise error rate: sort ascending, multiply the i-th smallest (0-based) by (m − i), carry the
/// running maximum so adjusted values keep the order of the raw ones, and cap at 1.
///
/// ```swift
/// HolmAdjustment.adjust([0.01, 0.04, 0.03])  // [0.03, 0.06, 0.06]
/// ```
public enum HolmAdjustment {
    /// Adjusted p-values in the order of `pValues`.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let ascending = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = Array(repeating: 1.0, count: m)
        var runningMax = 0.0
        for (rank, index) in ascending.enumerated() {
            runningMax = max(runningMax, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = runningMax
        }
        return adjusted
    }
}
