import PonderBackends

/// Part 2: the same multi-sample strategy through each proxy, on the instant sim, with a fixed number
/// of concurrent clients: requests/s, latency, backend calls per request as the sim counted them, and
/// each proxy's peak memory during the load. Each proxy uses `n` as it likes (Ponder asks for all samples in one call;
/// optillm's `self_consistency` makes one call per sample).
struct OptillmFanOut: Sendable {
    var targets: OptillmTargetSet
    var settings: OptillmSettings

    func run() async throws -> [OptillmLoadResult] {
        let clients = settings.fanOutClients
        let transport = HTTPTransport(maxConnectionsPerHost: max(clients, 1))
        do {
            var results: [OptillmLoadResult] = []
            for pair in OptillmStrategyPair.fanOut(bestOfN: settings.bestOfN) {
                for proxy in [OptillmProxy.ponder, .optillm] {
                    guard let model = targets.modelID(proxy, pair) else { continue }
                    let count = proxy == .ponder ? settings.fanOutRequests : settings.optillmFanOutRequests
                    results.append(try await measure(proxy, pair: pair, model: model, clients: clients, requests: max(clients, count), transport: transport))
                }
            }
            try await transport.shutdown()
            return results
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private func measure(
        _ proxy: OptillmProxy, pair: OptillmStrategyPair, model: String, clients: Int, requests: Int, transport: HTTPTransport
    ) async throws -> OptillmLoadResult {
        try targets.checkAnswers(proxy, model: model, question: settings.question, maxTokens: settings.sampleMaxTokens)
        let request = OptillmTargetSet.request(model: model, question: settings.question, maxTokens: settings.sampleMaxTokens)
        _ = await targets.measure(proxy, request: request, clients: clients, requests: clients, transport: transport)
        let measured = await targets.measure(proxy, request: request, clients: clients, requests: requests, transport: transport)
        return OptillmLoadResult(
            proxy: proxy, strategy: pair.name, model: model, clients: clients, measured: [measured], proxyPID: targets.server(proxy).pid)
    }
}
