/// The figures of one proxy (or the sim itself, `direct`) serving one strategy under load: throughput,
/// latency, and what it cost — its CPU, its peak memory, and the backend calls the sim counted.
public struct OptillmLoadResult: Sendable, Encodable {
    public var proxy: OptillmProxy
    /// The strategy's table name (`pass-through`, `self-consistency N=5`…).
    public var strategy: String
    /// The model id sent.
    public var model: String
    public var clients: Int
    public var requests: Int
    /// Requests not answered with a 2xx (an error status or no answer at all).
    public var failures: Int
    public var wallSeconds: Double
    public var requestsPerSecond: Double
    public var latencyP50Milliseconds: Double
    public var latencyP99Milliseconds: Double
    /// Model calls the sim received meanwhile (`ProxySimCounter.Counts.backendCalls`), of which
    /// generations, scorings (PRM / Q-value) and rejected ones (HTTP 4xx, e.g. `n` above `--max-n`).
    /// Nil when the sim's counters could not be read.
    public var backendCalls: Int?
    public var generationCalls: Int?
    public var scoringCalls: Int?
    public var rejectedCalls: Int?
    /// Completion tokens the sim generated meanwhile.
    public var completionTokens: Int?
    /// The proxy's CPU time per request (nil for `direct` or without `/proc`).
    public var proxyCPUMicrosecondsPerRequest: Double?
    public var simCPUMicrosecondsPerRequest: Double?
    /// The proxy's peak resident memory during the load (VmRSS sampled every 50 ms; the scale part
    /// gives its fresh daemon's VmHWM instead).
    public var proxyPeakRSSBytes: UInt64?
    /// The most backend calls in flight at once (sampled from the sim), where that was watched.
    public var maxCallsInFlight: Int?

    enum CodingKeys: String, CodingKey {
        case proxy, strategy, model, clients, requests, failures
        case wallSeconds = "wall_seconds", requestsPerSecond = "requests_per_second"
        case latencyP50Milliseconds = "latency_p50_ms", latencyP99Milliseconds = "latency_p99_ms"
        case backendCalls = "backend_calls", generationCalls = "generation_calls", scoringCalls = "scoring_calls"
        case rejectedCalls = "rejected_calls", completionTokens = "completion_tokens"
        case backendCallsPerRequest = "backend_calls_per_request"
        case proxyCPUMicrosecondsPerRequest = "proxy_cpu_us_per_request", simCPUMicrosecondsPerRequest = "sim_cpu_us_per_request"
        case proxyPeakRSSBytes = "proxy_peak_rss_bytes", maxCallsInFlight = "max_calls_in_flight"
    }

    /// Pools stretches of load on one target into one set of figures.
    init(proxy: OptillmProxy, strategy: String, model: String, clients: Int, measured: [OptillmTargetSet.Measured], proxyPID: Int32?) {
        let phases = measured.map(\.phase)
        let latencies = phases.flatMap(\.latencies).sorted()
        let requests = phases.map(\.requests).reduce(0, +)
        let wall = phases.map(\.wallSeconds).reduce(0, +)
        let cpu = phases.map(\.cpu).reduce(.zero, +)
        let perRequest = 1e6 / Double(max(requests, 1))
        self.proxy = proxy
        self.strategy = strategy
        self.model = model
        self.clients = clients
        self.requests = requests
        self.failures = phases.map(\.failures).reduce(0, +)
        self.wallSeconds = wall
        self.requestsPerSecond = wall > 0 ? Double(latencies.count) / wall : 0
        self.latencyP50Milliseconds = Double(ProxyBenchmark.percentile(latencies, 0.5) ?? 0) / 1e6
        self.latencyP99Milliseconds = Double(ProxyBenchmark.percentile(latencies, 0.99) ?? 0) / 1e6
        let counts = phases.compactMap(\.sim)
        if counts.count == phases.count {
            backendCalls = counts.map(\.backendCalls).reduce(0, +)
            generationCalls = counts.map(\.generationCalls).reduce(0, +)
            scoringCalls = counts.map(\.scoringCalls).reduce(0, +)
            rejectedCalls = counts.map(\.rejected).reduce(0, +)
            completionTokens = counts.map(\.completionTokens).reduce(0, +)
        }
        proxyCPUMicrosecondsPerRequest = proxyPID == nil ? nil : cpu.daemon.map { $0 * perRequest }
        simCPUMicrosecondsPerRequest = cpu.sim.map { $0 * perRequest }
        proxyPeakRSSBytes = measured.compactMap(\.peakRSSBytes).max()
    }

    /// Backend calls the sim counted per request sent.
    public var backendCallsPerRequest: Double? {
        backendCalls.map { Double($0) / Double(max(requests, 1)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(proxy, forKey: .proxy)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(model, forKey: .model)
        try c.encode(clients, forKey: .clients)
        try c.encode(requests, forKey: .requests)
        try c.encode(failures, forKey: .failures)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(requestsPerSecond, forKey: .requestsPerSecond)
        try c.encode(latencyP50Milliseconds, forKey: .latencyP50Milliseconds)
        try c.encode(latencyP99Milliseconds, forKey: .latencyP99Milliseconds)
        try c.encode(backendCalls, forKey: .backendCalls)
        try c.encode(generationCalls, forKey: .generationCalls)
        try c.encode(scoringCalls, forKey: .scoringCalls)
        try c.encode(rejectedCalls, forKey: .rejectedCalls)
        try c.encode(completionTokens, forKey: .completionTokens)
        try c.encode(backendCallsPerRequest, forKey: .backendCallsPerRequest)
        try c.encode(proxyCPUMicrosecondsPerRequest, forKey: .proxyCPUMicrosecondsPerRequest)
        try c.encode(simCPUMicrosecondsPerRequest, forKey: .simCPUMicrosecondsPerRequest)
        try c.encode(proxyPeakRSSBytes, forKey: .proxyPeakRSSBytes)
        try c.encode(maxCallsInFlight, forKey: .maxCallsInFlight)
    }
}
