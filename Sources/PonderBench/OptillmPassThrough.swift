import PonderBackends
import PonderCore

/// Part 1: what each proxy adds to a plain request. The same chat completion goes straight to the sim,
/// through Ponder (`single`) and through optillm (`none`), at one number of concurrent clients.
///
/// The targets are measured in halves, direct–Ponder–optillm–optillm–Ponder–direct, so a drift in a
/// shared machine's load falls alike on all three; optillm gets fewer requests, as it is far slower.
struct OptillmPassThrough: Sendable {
    var targets: OptillmTargetSet
    var settings: OptillmSettings

    /// The three targets at `clients` concurrent clients, after a check that each answers and a warm-up.
    func run(clients: Int) async throws -> OptillmPassThroughLevel {
        let pair = OptillmStrategyPair.passThrough
        let transport = HTTPTransport(maxConnectionsPerHost: max(clients, 1))
        do {
            var requests: [OptillmProxy: ChatCompletionRequest] = [:]
            for proxy in OptillmProxy.allCases {
                let model = targets.modelID(proxy, pair) ?? targets.model
                try targets.checkAnswers(proxy, model: model, question: settings.question, maxTokens: settings.passThroughMaxTokens)
                requests[proxy] = OptillmTargetSet.request(model: model, question: settings.question, maxTokens: settings.passThroughMaxTokens)
            }
            let fast = max(2 * clients, settings.passThroughRequests)
            let slow = max(2 * clients, settings.optillmPassThroughRequests)
            let count: [OptillmProxy: Int] = [.direct: fast, .ponder: fast, .optillm: slow]
            for proxy in OptillmProxy.allCases {
                _ = await targets.measure(proxy, request: requests[proxy]!, clients: clients, requests: max(clients, count[proxy]! / 10), transport: transport)
            }
            var phases: [OptillmProxy: [OptillmTargetSet.Measured]] = [:]
            for proxy in OptillmProxy.allCases + OptillmProxy.allCases.reversed() {
                let half = count[proxy]! / 2 + (phases[proxy] == nil ? 0 : count[proxy]! % 2)
                phases[proxy, default: []].append(
                    await targets.measure(proxy, request: requests[proxy]!, clients: clients, requests: half, transport: transport))
            }
            try await transport.shutdown()
            let results = OptillmProxy.allCases.map { proxy in
                OptillmLoadResult(
                    proxy: proxy, strategy: pair.name, model: requests[proxy]!.model, clients: clients, measured: phases[proxy]!,
                    proxyPID: targets.server(proxy).pid)
            }
            return OptillmPassThroughLevel(clients: clients, direct: results[0], ponder: results[1], optillm: results[2])
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}

/// The pass-through figures at one number of clients, and what each proxy added to the sim's p50.
public struct OptillmPassThroughLevel: Sendable, Encodable {
    public var clients: Int
    public var direct: OptillmLoadResult
    public var ponder: OptillmLoadResult
    public var optillm: OptillmLoadResult

    public var ponderAddedP50Milliseconds: Double { ponder.latencyP50Milliseconds - direct.latencyP50Milliseconds }
    public var optillmAddedP50Milliseconds: Double { optillm.latencyP50Milliseconds - direct.latencyP50Milliseconds }

    enum CodingKeys: String, CodingKey {
        case clients, direct, ponder, optillm
        case ponderAddedP50Milliseconds = "ponder_added_p50_ms", optillmAddedP50Milliseconds = "optillm_added_p50_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clients, forKey: .clients)
        try c.encode(direct, forKey: .direct)
        try c.encode(ponder, forKey: .ponder)
        try c.encode(optillm, forKey: .optillm)
        try c.encode(ponderAddedP50Milliseconds, forKey: .ponderAddedP50Milliseconds)
        try c.encode(optillmAddedP50Milliseconds, forKey: .optillmAddedP50Milliseconds)
    }
}
