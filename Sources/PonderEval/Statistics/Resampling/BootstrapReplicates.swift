/// Collects bootstrap replicates of several statistics at once and turns each into a percentile
/// interval.
///
/// ```swift
/// var replicates = BootstrapReplicates(statistics: 2, reps: 1_000)
/// for _ in 0..<1_000 { replicates.record([meanOfResample, medianOfResample]) }
/// let intervals = replicates.percentileIntervals()  // one per statistic
/// ```
public struct BootstrapReplicates: Sendable {
    private var values: [[Double]]

    public init(statistics: Int, reps: Int) {
        values = Array(repeating: [], count: statistics)
        for i in values.indices { values[i].reserveCapacity(reps) }
    }

    public mutating func record(_ statistics: [Double]) {
        precondition(statistics.count == values.count, "one value per statistic")
        for (i, value) in statistics.enumerated() { values[i].append(value) }
    }

    public mutating func record(_ statistic: Double) {
        record([statistic])
    }

    public func percentileIntervals(confidence: Double = 0.95) -> [Interval] {
        values.map { Percentile.centralInterval(of: $0, confidence: confidence) }
    }
}
