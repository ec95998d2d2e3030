import PonderBackends

/// Part 2 again, on a sim that takes time per token and answers one choice per call: the wall time of
/// one request at a time through each proxy, next to the latency of one backend call straight to the
/// sim. A proxy that sends a request's N calls side by side takes about one call's time; one that sends
/// them one after another takes about N. The most calls the sim had in flight at once shows which.
struct OptillmDelayedFanOut: Sendable {
    var targets: OptillmTargetSet
    var settings: OptillmSettings

    func run() async throws -> OptillmDelayedPart {
        let transport = HTTPTransport(maxConnectionsPerHost: 4)
        do {
            // One backend call: a single sample at Ponder's sampling temperature, as the proxies' calls.
            let single = OptillmTargetSet.request(
                model: targets.model, question: settings.question, maxTokens: settings.sampleMaxTokens, temperature: 0.8)
            _ = await targets.measure(.direct, request: single, clients: 1, requests: 1, transport: transport)
            let oneCall = OptillmLoadResult(
                proxy: .direct, strategy: "one backend call", model: targets.model, clients: 1,
                measured: [await targets.measure(.direct, request: single, clients: 1, requests: 2 * settings.delayedRequests, transport: transport)],
                proxyPID: nil)
            var results: [OptillmDelayedResult] = []
            for pair in OptillmStrategyPair.fanOut(bestOfN: settings.bestOfN) {
                for proxy in [OptillmProxy.ponder, .optillm] {
                    guard let model = targets.modelID(proxy, pair) else { continue }
                    let request = OptillmTargetSet.request(model: model, question: settings.question, maxTokens: settings.sampleMaxTokens)
                    let calls = PeakSampler.callsInFlight(origins: targets.simOrigins, interval: 0.005)
                    let measured = await targets.measure(proxy, request: request, clients: 1, requests: settings.delayedRequests, transport: transport)
                    var load = OptillmLoadResult(
                        proxy: proxy, strategy: pair.name, model: model, clients: 1, measured: [measured], proxyPID: targets.server(proxy).pid)
                    load.maxCallsInFlight = calls.stop().map(Int.init)
                    results.append(OptillmDelayedResult(load: load, oneCallMilliseconds: oneCall.latencyP50Milliseconds))
                }
            }
            try await transport.shutdown()
            return OptillmDelayedPart(oneCall: oneCall, results: results)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}

/// The delayed sim's figures: one backend call's latency, and each proxy's wall time per request.
public struct OptillmDelayedPart: Sendable, Encodable {
    public var oneCall: OptillmLoadResult
    public var results: [OptillmDelayedResult]

    enum CodingKeys: String, CodingKey {
        case oneCall = "one_call", results
    }
}

/// One proxy's strategy on the delayed sim, one request at a time.
public struct OptillmDelayedResult: Sendable, Encodable {
    public var load: OptillmLoadResult
    /// p50 of one backend call straight to the sim.
    public var oneCallMilliseconds: Double

    /// The request's p50 wall time in units of one backend call: about 1 for calls made side by side,
    /// about the number of calls for calls made one after another.
    public var timesOneCall: Double {
        oneCallMilliseconds > 0 ? load.latencyP50Milliseconds / oneCallMilliseconds : .infinity
    }

    /// `parallel` when the sim saw more than one of a request's calls at once, else `sequential`
    /// (requests are sent one at a time, so every call in flight belongs to the one request).
    public var fanOut: String {
        guard let peak = load.maxCallsInFlight, let calls = load.backendCallsPerRequest, calls > 1.5 else { return "one call" }
        return peak > 1 ? "parallel" : "sequential"
    }

    enum CodingKeys: String, CodingKey {
        case load
        case oneCallMilliseconds = "one_call_ms", timesOneCall = "times_one_call", fanOut = "fan_out"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(load, forKey: .load)
        try c.encode(oneCallMilliseconds, forKey: .oneCallMilliseconds)
        try c.encode(timesOneCall.isFinite ? timesOneCall : nil, forKey: .timesOneCall)
        try c.encode(fanOut, forKey: .fanOut)
    }
}
