/// One window of a soak run: what was answered in it, what failed and how, and the daemon's memory and
/// CPU over it. Requests are counted in the window in which they finished.
public struct SoakWindow: Sendable, Encodable {
    /// 0-based; window 0 is the warm-up.
    public var index: Int
    /// Seconds from the start of the load to the start and end of the window.
    public var startSeconds: Double
    public var endSeconds: Double
    /// Requests finished in the window, answered or not.
    public var requests: Int
    /// Non-2xx answers (`HTTP 429`, …) and transport errors (by error), counted by kind.
    public var errorsByKind: [String: Int]
    /// Latency of the answered (2xx) requests, milliseconds; nil if none was answered.
    public var latencyP50Milliseconds: Double?
    public var latencyP99Milliseconds: Double?
    /// The highest daemon VmRSS sampled in the window (every half second), bytes; nil without `/proc`.
    public var daemonPeakRSSBytes: UInt64?
    /// CPU seconds the daemon and the sim used in the window (user + system); nil without `/proc`.
    public var daemonCPUSeconds: Double?
    public var simCPUSeconds: Double?

    public var errors: Int { errorsByKind.values.reduce(0, +) }
    public var seconds: Double { endSeconds - startSeconds }

    /// The daemon's CPU as a share of one core over the window, in percent.
    public var daemonCPUPercent: Double? {
        guard let daemonCPUSeconds, seconds > 0 else { return nil }
        return 100 * daemonCPUSeconds / seconds
    }

    enum CodingKeys: String, CodingKey {
        case index, requests, errors
        case startSeconds = "start_s", endSeconds = "end_s", errorsByKind = "errors_by_kind"
        case latencyP50Milliseconds = "latency_p50_ms", latencyP99Milliseconds = "latency_p99_ms"
        case daemonPeakRSSBytes = "daemon_rss_peak_bytes", daemonCPUSeconds = "daemon_cpu_s", simCPUSeconds = "sim_cpu_s"
        case daemonCPUPercent = "daemon_cpu_percent"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(startSeconds, forKey: .startSeconds)
        try container.encode(endSeconds, forKey: .endSeconds)
        try container.encode(requests, forKey: .requests)
        try container.encode(errors, forKey: .errors)
        try container.encode(errorsByKind, forKey: .errorsByKind)
        try container.encode(latencyP50Milliseconds, forKey: .latencyP50Milliseconds)
        try container.encode(latencyP99Milliseconds, forKey: .latencyP99Milliseconds)
        try container.encode(daemonPeakRSSBytes, forKey: .daemonPeakRSSBytes)
        try container.encode(daemonCPUSeconds, forKey: .daemonCPUSeconds)
        try container.encode(simCPUSeconds, forKey: .simCPUSeconds)
        try container.encode(daemonCPUPercent, forKey: .daemonCPUPercent)
    }

    /// The `q`-quantile (nearest rank) of ascending latencies in nanoseconds, as milliseconds.
    static func percentileMilliseconds(_ sorted: [UInt64], _ q: Double) -> Double? {
        ProxyBenchmark.percentile(sorted, q).map { Double($0) / 1e6 }
    }
}
