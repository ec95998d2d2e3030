/// Call latencies in fixed buckets, cheap enough to update under the pool's lock on every call and
/// ready to expose as a Prometheus histogram.
public struct LatencyHistogram: Sendable, Hashable {
    /// Upper bounds in seconds; a last, implicit bucket holds everything slower.
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// Calls per bucket (not cumulative); one more entry than `bounds`.
    public private(set) var counts: [Int] = Array(repeating: 0, count: LatencyHistogram.bounds.count + 1)
    public private(set) var sum: Double = 0
    public var count: Int { counts.reduce(0, +) }

    public init() {}

    public mutating func record(seconds: Double) {
        var index = 0
        while index < Self.bounds.count, seconds > Self.bounds[index] { index += 1 }
        counts[index] += 1
        sum += seconds
    }
}
