import PonderBackends

/// Part 3: Ponder alone with many backend calls in flight. Clients keep `calls / samples` requests of
/// `self-consistency@samples` in flight through one daemon that sends each sample as a call of its
/// own (`max_n: 1`) to slow sims, so the calls overlap; the sims' counters say how many were in flight
/// at the peak and how many were made, and `/proc` gives the daemon's peak memory and CPU. A first round
/// of requests, not measured, opens the connections.
struct OptillmScale: Sendable {
    var targets: OptillmTargetSet
    var settings: OptillmSettings

    /// Requests kept in flight: enough for `scaleCalls` calls.
    static func clients(_ settings: OptillmSettings) -> Int {
        (settings.scaleCalls + settings.scaleSamples - 1) / settings.scaleSamples
    }

    /// Sims needed so that none has more than `scaleCallsPerSim` calls in flight.
    static func sims(_ settings: OptillmSettings) -> Int {
        (settings.scaleCalls + settings.scaleCallsPerSim - 1) / settings.scaleCallsPerSim
    }

    func run() async throws -> OptillmScaleResult {
        let clients = Self.clients(settings)
        let model = "self-consistency@\(settings.scaleSamples)/\(targets.model)"
        let request = OptillmTargetSet.request(model: model, question: settings.question, maxTokens: settings.sampleMaxTokens)
        let transport = HTTPTransport(maxConnectionsPerHost: clients)
        do {
            try targets.checkAnswers(.ponder, model: model, question: settings.question, maxTokens: settings.sampleMaxTokens)
            let idle = ProcessMemory.residentBytes(pid: targets.ponder.pid)
            // A round to open the connections (a TCP handshake per call slot, ten thousand of them) and
            // fill the pools; the measured rounds then run on what a daemon under steady load has.
            _ = await targets.measure(.ponder, request: request, clients: clients, requests: clients, transport: transport)
            let calls = PeakSampler.callsInFlight(origins: targets.simOrigins, interval: 0.05)
            let measured = await targets.measure(
                .ponder, request: request, clients: clients, requests: clients * settings.scaleRounds, transport: transport)
            let peakInFlight = calls.stop().map(Int.init) ?? 0
            try await transport.shutdown()
            var load = OptillmLoadResult(
                proxy: .ponder, strategy: "self-consistency N=\(settings.scaleSamples)", model: model, clients: clients, measured: [measured],
                proxyPID: targets.ponder.pid)
            // The daemon was started for this part: its high-water mark is this part's peak, spikes between samples included.
            load.proxyPeakRSSBytes = ProcessMemory.peakResidentBytes(pid: targets.ponder.pid) ?? load.proxyPeakRSSBytes
            return OptillmScaleResult(
                targetCalls: settings.scaleCalls, sims: targets.sims.count, load: load, peakCallsInFlight: peakInFlight,
                idleRSSBytes: idle, proxyCPUSeconds: measured.phase.cpu.daemon)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}

/// Ponder with many calls in flight: the peak the sims saw, the daemon's peak memory, its CPU per call.
public struct OptillmScaleResult: Sendable, Encodable {
    /// The calls in flight aimed at, and the sims that served them.
    public var targetCalls: Int
    public var sims: Int
    public var load: OptillmLoadResult
    /// The most calls the sims had in flight at once (sampled every 50 ms, summed over the sims).
    public var peakCallsInFlight: Int
    /// The daemon's VmRSS before the load (and the warm-up round).
    public var idleRSSBytes: UInt64?
    /// The daemon's CPU seconds during the measured rounds.
    public var proxyCPUSeconds: Double?

    /// The daemon's CPU per backend call the sims counted.
    public var cpuMicrosecondsPerCall: Double? {
        guard let seconds = proxyCPUSeconds, let calls = load.backendCalls, calls > 0 else { return nil }
        return seconds * 1e6 / Double(calls)
    }

    /// The sims' own CPU per backend call in the same rounds, for scale: on a busy shared machine both
    /// rise together, and the ratio says more than either.
    public var simCPUMicrosecondsPerCall: Double? {
        guard let perRequest = load.simCPUMicrosecondsPerRequest, let calls = load.backendCalls, calls > 0 else { return nil }
        return perRequest * Double(load.requests) / Double(calls)
    }

    enum CodingKeys: String, CodingKey {
        case targetCalls = "target_calls_in_flight", sims, load
        case peakCallsInFlight = "peak_calls_in_flight", idleRSSBytes = "idle_rss_bytes"
        case proxyCPUSeconds = "ponder_cpu_seconds", cpuMicrosecondsPerCall = "ponder_cpu_us_per_call"
        case simCPUMicrosecondsPerCall = "sim_cpu_us_per_call"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(targetCalls, forKey: .targetCalls)
        try c.encode(sims, forKey: .sims)
        try c.encode(load, forKey: .load)
        try c.encode(peakCallsInFlight, forKey: .peakCallsInFlight)
        try c.encode(idleRSSBytes, forKey: .idleRSSBytes)
        try c.encode(proxyCPUSeconds, forKey: .proxyCPUSeconds)
        try c.encode(cpuMicrosecondsPerCall, forKey: .cpuMicrosecondsPerCall)
        try c.encode(simCPUMicrosecondsPerCall, forKey: .simCPUMicrosecondsPerCall)
    }
}
