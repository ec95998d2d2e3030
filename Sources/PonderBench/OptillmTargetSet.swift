import PonderBackends
import PonderCore

/// The servers of one part of the run: the sim (or several, as replicas), and the two proxies in front
/// of it, with what a load phase needs to send them requests and charge them for their work.
struct OptillmTargetSet: Sendable {
    var sims: [ChildServer]
    var ponder: ChildServer
    /// Nil in the scale part, which measures Ponder alone.
    var optillm: ChildServer?
    var model: String

    var simOrigins: [String] { sims.map(\.origin) }

    /// The origin and process of `proxy` (none for `direct`: the sim is charged separately).
    func server(_ proxy: OptillmProxy) -> (origin: String, pid: Int32?) {
        switch proxy {
        case .ponder: (ponder.origin, ponder.pid)
        case .optillm: (optillm?.origin ?? "", optillm?.pid)
        case .direct: (sims[0].origin, nil)
        }
    }

    /// The model id `proxy` is sent for `pair`: the bare model straight to the sim.
    func modelID(_ proxy: OptillmProxy, _ pair: OptillmStrategyPair) -> String? {
        switch proxy {
        case .ponder: pair.ponderModel(model)
        case .optillm: pair.optillmModel(model)
        case .direct: model
        }
    }

    /// Throws unless `proxy` answers `model` with text: the load generator reads no answers, so a proxy
    /// that answers with errors would otherwise look fast.
    func checkAnswers(_ proxy: OptillmProxy, model: String, question: String, maxTokens: Int) throws {
        _ = try ChatAnswer.ask(origin: server(proxy).origin, model: model, question: question, maxTokens: maxTokens, timeout: 120)
    }

    /// One stretch of load, and the proxy's peak resident memory during it.
    struct Measured: Sendable {
        var phase: ProxyBenchmark.Phase
        /// VmRSS sampled every 50 ms; nil for `direct` or without `/proc`.
        var peakRSSBytes: UInt64?
    }

    /// One stretch of load on `proxy`, charged to its process.
    func measure(
        _ proxy: OptillmProxy, request: ChatCompletionRequest, clients: Int, requests: Int, transport: HTTPTransport
    ) async -> Measured {
        let target = server(proxy)
        let memory = target.pid.map { PeakSampler.residentBytes(pid: $0, interval: 0.05) }
        let phase = await ProxyBenchmark.measure(
            url: target.origin + "/v1/chat/completions", request: request, connections: clients, requests: requests,
            transport: transport, simOrigins: simOrigins, simPID: sims.first?.pid, proxyPID: target.pid)
        return Measured(phase: phase, peakRSSBytes: memory?.stop())
    }

    /// The request body sent for `model`: the benchmark's one question.
    static func request(model: String, question: String, maxTokens: Int, temperature: Double? = nil) -> ChatCompletionRequest {
        ChatCompletionRequest(
            model: model, messages: [.user(question)], sampling: SamplingParameters(temperature: temperature, maxTokens: maxTokens))
    }
}
