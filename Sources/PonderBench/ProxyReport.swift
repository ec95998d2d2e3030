/// The proxy benchmark's output: a markdown table (ready for an issue's closing note) with a verdict
/// line, or a JSON document with the same figures.
public struct ProxyReport: Sendable, Encodable {
    public var levels: [ProxyBenchmark.Level]
    public var verdict: ProxyVerdict
    /// Requests per second of an open-loop run; nil for closed loop.
    public var rate: Double?
    /// The 64-connection level again on an open loop, after a closed-loop run; nil when not run.
    public var latencyProbe: ProxyLatencyProbe?

    enum CodingKeys: String, CodingKey {
        case levels, verdict, rate
        case latencyProbe = "latency_probe"
    }

    public init(levels: [ProxyBenchmark.Level], rate: Double? = nil, latencyProbe: ProxyLatencyProbe? = nil) {
        self.levels = levels
        self.verdict = ProxyVerdict(levels: levels, latencyProbe: latencyProbe)
        self.rate = rate
        self.latencyProbe = latencyProbe
    }

    /// How the load was sent, for the line under the table.
    var loadLine: String {
        guard let rate else { return "load: closed loop (each connection sends again as soon as it is answered)" }
        return "load: open loop, \(Int(rate.rounded())) requests/s on a fixed schedule; latency from each scheduled send"
    }

    /// One row per target and level; the daemon's row carries what it added to p50. The latency probe,
    /// when run, has a table of its own under the first.
    public var table: String {
        var text = Self.rows(levels) + "\n\n" + loadLine + "\n"
        if let latencyProbe {
            text += "\n" + Self.rows([latencyProbe.level]) + "\n\n"
                + "latency probe: open loop, \(Int(latencyProbe.rate.rounded())) requests/s on a fixed schedule "
                + "at \(latencyProbe.level.connections) connections; latency from each scheduled send\n"
        }
        return text + verdict.line
    }

    private static func rows(_ levels: [ProxyBenchmark.Level]) -> String {
        var lines = [
            "| connections | target | requests | failures | sim answered | requests/s | p50 ms | p99 ms | added p50 ms "
                + "| Ponder CPU µs/req | sim CPU µs/req | load generator CPU µs/req |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for level in levels {
            for result in [level.direct, level.daemon] {
                let added = result.target == .daemon ? Self.signed(level.addedLatencyP50Milliseconds, digits: 3) : ""
                let cells = [
                    "\(result.connections)", result.target.rawValue, "\(result.requests)", "\(result.failures)",
                    result.simAnswered.map { "\($0)" } ?? "n/a",
                    "\(Int(result.requestsPerSecond.rounded()))", Self.fixed(result.latencyP50Milliseconds, digits: 3),
                    Self.fixed(result.latencyP99Milliseconds, digits: 3), added,
                    result.daemonCPUMicrosecondsPerRequest.map { Self.fixed($0, digits: 1) } ?? "n/a",
                    result.simCPUMicrosecondsPerRequest.map { Self.fixed($0, digits: 1) } ?? "n/a",
                    Self.fixed(result.clientCPUMicrosecondsPerRequest, digits: 1),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `value` with `digits` decimals, without Foundation's `String(format:)`.
    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + "\(scaled)" }
        let fraction = String(scaled % scale)
        return sign + "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// Like `fixed`, with a `+` in front of a positive value: for differences.
    static func signed(_ value: Double, digits: Int) -> String {
        let text = fixed(value, digits: digits)
        return text.hasPrefix("-") || text == "n/a" ? text : "+" + text
    }
}
