extension ProxyBenchmark {
    /// The figures of one target at one level.
    public struct TargetResult: Sendable, Encodable {
        public var target: Target
        public var connections: Int
        /// Requests sent, answered or not.
        public var requests: Int
        /// Requests that ended in a transport error (no answer at all).
        public var failures: Int
        /// Generation requests the sim answered during these requests: equal to `requests` when every
        /// request reached the model and was not refused (`single` makes one call per request). Nil if
        /// the sim's counters could not be read.
        public var simAnswered: Int?
        public var wallSeconds: Double
        /// Answered requests per second of wall time.
        public var requestsPerSecond: Double
        /// Latency percentiles of the answered requests (nearest rank).
        public var latencyP50Milliseconds: Double
        public var latencyP99Milliseconds: Double
        /// The daemon's CPU time per request sent; next to nothing for `direct`, where it idles.
        public var daemonCPUMicrosecondsPerRequest: Double?
        public var simCPUMicrosecondsPerRequest: Double?
        /// The load generator's own CPU time per request, the same for both targets when all is well.
        public var clientCPUMicrosecondsPerRequest: Double

        enum CodingKeys: String, CodingKey {
            case target, connections, requests, failures
            case simAnswered = "sim_answered"
            case wallSeconds = "wall_seconds"
            case requestsPerSecond = "requests_per_second"
            case latencyP50Milliseconds = "latency_p50_ms"
            case latencyP99Milliseconds = "latency_p99_ms"
            case daemonCPUMicrosecondsPerRequest = "daemon_cpu_us_per_request"
            case simCPUMicrosecondsPerRequest = "sim_cpu_us_per_request"
            case clientCPUMicrosecondsPerRequest = "client_cpu_us_per_request"
        }

        /// Pools the phases (all on `target`) into one set of figures.
        init(target: Target, connections: Int, phases: [Phase]) {
            let latencies = phases.flatMap(\.latencies).sorted()
            let requests = phases.map(\.requests).reduce(0, +)
            let wall = phases.map(\.wallSeconds).reduce(0, +)
            let cpu = phases.map(\.cpu).reduce(.zero, +)
            let perRequest = 1e6 / Double(max(requests, 1))
            self.target = target
            self.connections = connections
            self.requests = requests
            self.failures = phases.map(\.failures).reduce(0, +)
            let answered = phases.compactMap(\.simAnswered)
            self.simAnswered = answered.count == phases.count ? answered.reduce(0, +) : nil
            self.wallSeconds = wall
            self.requestsPerSecond = wall > 0 ? Double(latencies.count) / wall : 0
            self.latencyP50Milliseconds = Double(ProxyBenchmark.percentile(latencies, 0.5) ?? 0) / 1e6
            self.latencyP99Milliseconds = Double(ProxyBenchmark.percentile(latencies, 0.99) ?? 0) / 1e6
            self.daemonCPUMicrosecondsPerRequest = cpu.daemon.map { $0 * perRequest }
            self.simCPUMicrosecondsPerRequest = cpu.sim.map { $0 * perRequest }
            self.clientCPUMicrosecondsPerRequest = cpu.client * perRequest
        }

        /// Requests the sim did not answer (refused on the way, rejected, or lost); 0 when unknown.
        public var unanswered: Int { simAnswered.map { max(0, requests - $0) } ?? 0 }
    }

    /// Both targets at one number of connections, and what the daemon added.
    public struct Level: Sendable, Encodable {
        public var connections: Int
        public var direct: TargetResult
        public var daemon: TargetResult
        /// p50 through the daemon minus p50 straight to the sim.
        public var addedLatencyP50Milliseconds: Double
        public var addedLatencyP99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case connections, direct, daemon
            case addedLatencyP50Milliseconds = "added_latency_p50_ms"
            case addedLatencyP99Milliseconds = "added_latency_p99_ms"
        }

        public init(connections: Int, direct: TargetResult, daemon: TargetResult) {
            self.connections = connections
            self.direct = direct
            self.daemon = daemon
            self.addedLatencyP50Milliseconds = daemon.latencyP50Milliseconds - direct.latencyP50Milliseconds
            self.addedLatencyP99Milliseconds = daemon.latencyP99Milliseconds - direct.latencyP99Milliseconds
        }
    }

    /// The nearest-rank percentile of ascending `sorted` values: the smallest value that at least a
    /// fraction `p` of all values are at or below. Nil for no values.
    static func percentile(_ sorted: [UInt64], _ p: Double) -> UInt64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
