import Hummingbird
import NIOCore
import PonderCore
import Synchronization

/// The sim's shared state and its routes. Each piece of mutable state has its own small lock (prefix cache,
/// counters, slots) or is atomic (the request ordinal); no lock is held across a request.
final class SimService: Sendable {
    let configuration: SimConfiguration
    let model: SimModel
    let prm: ProcessRewardModel
    let qvalues: QValueModel
    let faults: FaultInjector
    let stats = StatsRecorder()
    let cache: Mutex<PrefixCache>
    let slots: SlotPool?
    let connections = ConnectionRegistry()
    private let ordinals = Atomic<UInt64>(0)

    init(_ configuration: SimConfiguration) {
        self.configuration = configuration
        model = SimModel(seed: configuration.seed)
        prm = ProcessRewardModel(seed: configuration.seed, noise: configuration.prmNoise)
        qvalues = QValueModel(seed: configuration.seed, noise: configuration.qvalueNoise)
        faults = FaultInjector(rate: configuration.faultRate, kinds: configuration.faults, seed: configuration.seed)
        cache = Mutex(PrefixCache(capacity: configuration.prefixCacheBlocks))
        slots = configuration.maxConcurrency > 0 ? SlotPool(slots: configuration.maxConcurrency) : nil
    }

    /// Numbers requests to generation and scoring routes, from 0.
    func nextOrdinal() -> UInt64 { ordinals.wrappingAdd(1, ordering: .relaxed).oldValue }

    func makeRouter() -> Router<SimRequestContext> {
        let router = Router(context: SimRequestContext.self)
        router.post("/v1/chat/completions") { request, context in
            try await self.generate(.chat, request: request, context: context)
        }
        router.post("/v1/completions") { request, context in
            try await self.generate(.completion, request: request, context: context)
        }
        router.post("/v1/score") { request, context in
            try await self.score(request: request, context: context)
        }
        router.post("/v1/qvalue") { request, context in
            try await self.qvalue(request: request, context: context)
        }
        router.post("/apply-template") { request, _ in
            try await self.applyTemplate(request: request)
        }
        router.get("/v1/models") { _, _ in
            let ticket = self.stats.begin("/v1/models")
            defer { ticket.hold() }
            let models = ModelList(
                data: [.init(id: self.configuration.modelName, created: self.configuration.created, ownedBy: self.configuration.modelOwner)])
            return JSONCoding.response(models)
        }
        router.get("/health") { _, _ in
            Response(status: .ok, headers: JSONCoding.jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: "{}")))
        }
        router.get("/sim/stats") { _, _ in
            let ticket = self.stats.begin("/sim/stats")
            defer { ticket.hold() }
            return JSONCoding.response(self.stats.snapshot())
        }
        return router
    }

    /// Runs a wait on behalf of the request on `channel`; it ends with `CancellationError` if the client leaves.
    func waitUnlessDisconnected<T: Sendable>(
        _ channel: any Channel, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let watch = connections.watch(for: channel) else { return try await operation() }
        return try await watch.cancellingOnClose(operation)
    }

    func badRequest(_ error: RequestError) -> Response {
        stats.rejected()
        return JSONCoding.error(.badRequest, message: error.message, type: "invalid_request_error", param: error.param)
    }

    func unknownModel(_ name: String) -> Response {
        stats.rejected()
        return JSONCoding.error(
            .notFound, message: "The model `\(name)` does not exist. This server serves `\(configuration.modelName)`.",
            type: "invalid_request_error", param: "model", code: "model_not_found")
    }
}
