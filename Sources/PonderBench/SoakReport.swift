/// A soak run's output: a markdown table of the windows (ready for an issue's closing note) and the
/// verdicts, or a JSON document with the same figures.
public struct SoakReport: Sendable, Encodable {
    public var seconds: Double
    public var window: Double
    public var concurrency: Int
    public var strategies: [String]
    /// The daemon's VmRSS just before and just after the load; nil without `/proc`.
    public var daemonRSSBeforeBytes: UInt64?
    public var daemonRSSAfterBytes: UInt64?
    public var windows: [SoakWindow]
    public var limits: SoakVerdict.Limits
    public var verdicts: [SoakVerdict]

    /// Whether every verdict passed.
    public var passed: Bool { verdicts.allSatisfy(\.passed) }

    public init(
        seconds: Double, window: Double, concurrency: Int, strategies: [String], daemonRSSBeforeBytes: UInt64?,
        daemonRSSAfterBytes: UInt64?, windows: [SoakWindow], limits: SoakVerdict.Limits
    ) {
        self.seconds = seconds
        self.window = window
        self.concurrency = concurrency
        self.strategies = strategies
        self.daemonRSSBeforeBytes = daemonRSSBeforeBytes
        self.daemonRSSAfterBytes = daemonRSSAfterBytes
        self.windows = windows
        self.limits = limits
        self.verdicts = SoakVerdict.judge(windows, limits: limits)
    }

    enum CodingKeys: String, CodingKey {
        case seconds, window = "window_s", concurrency, strategies, windows, limits, verdicts, passed
        case daemonRSSBeforeBytes = "daemon_rss_before_bytes", daemonRSSAfterBytes = "daemon_rss_after_bytes"
        case requests, errors
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(window, forKey: .window)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(strategies, forKey: .strategies)
        try container.encode(daemonRSSBeforeBytes, forKey: .daemonRSSBeforeBytes)
        try container.encode(daemonRSSAfterBytes, forKey: .daemonRSSAfterBytes)
        try container.encode(windows.map(\.requests).reduce(0, +), forKey: .requests)
        try container.encode(windows.map(\.errors).reduce(0, +), forKey: .errors)
        try container.encode(windows, forKey: .windows)
        try container.encode(limits, forKey: .limits)
        try container.encode(verdicts, forKey: .verdicts)
        try container.encode(passed, forKey: .passed)
    }

    /// The windows table, a load line, the errors by kind if any, and one line per verdict.
    public var table: String {
        let fixed: (Double, Int) -> String = SoakVerdict.fixed
        var lines = [
            "| window | s | requests | req/s | errors | p50 ms | p99 ms | daemon RSS peak MiB | daemon CPU % | sim CPU % |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for window in windows {
            let label: String = "\(window.index)" + (window.index < limits.warmUpWindows ? " (warm-up)" : "")
            let span: String = fixed(window.startSeconds, 0) + "–" + fixed(window.endSeconds, 0)
            let rate: String = window.seconds > 0 ? fixed(Double(window.requests) / window.seconds, 1) : "n/a"
            let p50: String = window.latencyP50Milliseconds.map { fixed($0, 1) } ?? "n/a"
            let p99: String = window.latencyP99Milliseconds.map { fixed($0, 1) } ?? "n/a"
            let rss: String = window.daemonPeakRSSBytes.map(SoakVerdict.mebibytes) ?? "n/a"
            let daemonCPU: String = window.daemonCPUPercent.map { fixed($0, 0) } ?? "n/a"
            var simCPU = "n/a"
            if let sim = window.simCPUSeconds, window.seconds > 0 { simCPU = fixed(100 * sim / window.seconds, 0) }
            let cells: [String] = [label, span, String(window.requests), rate, String(window.errors), p50, p99, rss, daemonCPU, simCPU]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let rss = [daemonRSSBeforeBytes, daemonRSSAfterBytes].map { $0.map(SoakVerdict.mebibytes) ?? "n/a" }
        lines.append("")
        lines.append(
            "load: \(concurrency) closed loops for \(fixed(seconds, 0)) s, strategies round-robin: "
                + strategies.joined(separator: ", ") + "; daemon RSS \(rss[0]) MiB before the load, \(rss[1]) MiB after")
        var kinds: [String: Int] = [:]
        for window in windows { kinds.merge(window.errorsByKind, uniquingKeysWith: +) }
        for (kind, count) in kinds.sorted(by: { $0.value > $1.value }) {
            lines.append("error: \(kind): \(count)")
        }
        for verdict in verdicts {
            lines.append("\(verdict.passed ? "PASS" : "FAIL") \(verdict.name): \(verdict.detail)")
        }
        return lines.joined(separator: "\n")
    }
}
