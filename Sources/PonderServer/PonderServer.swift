import Hummingbird
import Logging
import ServiceLifecycle
import PonderCore
import PonderEngine

/// The OpenAI-compatible daemon: `POST /v1/chat/completions` answered by search, `GET /v1/models`
/// listing the model and every preset applied to it, `GET /healthz`. Optional API keys; bodies over the
/// configured limit get 413; errors use OpenAI's error body.
public enum PonderServer {
    /// Starts the daemon in the background; returns once it accepts connections.
    public static func start(engine: Engine, configuration: ServerConfiguration) async throws -> RunningServer {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let (application, recorder) = try makeApplication(engine: engine, configuration: configuration) { port in
            announce.yield(port)
            announce.finish()
        }
        let recording = recorder.map { recorder in Task { try await recorder.run() } }
        let task = Task {
            defer { announce.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            recorder?.close()
            _ = await recording?.result
            try await task.value
            throw CancellationError()
        }
        return RunningServer(port: port, host: configuration.host, task: task, recorder: recorder, recording: recording)
    }

    /// Runs the daemon in the foreground. SIGTERM or SIGINT drains it: it stops accepting connections,
    /// lets in-flight requests finish for up to `gracePeriod` seconds, then — with `--record` — writes
    /// the rows still pending, and returns.
    public static func run(
        engine: Engine, configuration: ServerConfiguration, gracePeriod: Double,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let (application, recorder) = try makeApplication(engine: engine, configuration: configuration, onListening: onListening)
        // Services stop in reverse order: the application drains its requests first, then the recorder
        // writes what they left pending.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let recorder { services.append(.init(service: recorder)) }
        services.append(.init(service: application))
        var group = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: application.logger)
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(gracePeriod * 1000))
        try await ServiceGroup(configuration: group).run()
    }

    /// The application, and the recorder of answered requests when `configuration.recordPath` is set
    /// (its file is opened here, so a path that cannot be written fails the start).
    static func makeApplication(
        engine: Engine, configuration: ServerConfiguration, onListening: @escaping @Sendable (Int) -> Void
    ) throws -> (some ApplicationProtocol, RequestRecorder?) {
        let screen = RequestScreen(engine: engine, configuration: configuration)
        let model = screen.reader.resolver.model
        let presets = engine.presets.presets.map(\.name)
        let started = ResponseTimestamp.now()
        let metrics = ServerMetrics()
        let admission = AdmissionControl(
            limit: configuration.maxConcurrentSearches, queueDepth: configuration.queueDepth,
            queueTimeout: .milliseconds(Int64(configuration.queueTimeout * 1000)))
        var logger = configuration.logger ?? Logger(label: "ponder-serve") { DaemonLogHandler(label: $0) }
        logger.logLevel = configuration.logLevel
        let recorder = try configuration.recordPath.map { path in
            RequestRecorder(
                store: try RecordStore.open(at: path), capacity: configuration.recordQueueCapacity, redactor: screen.redactor,
                metrics: metrics, logger: logger)
        }
        let service = SearchService(
            engine: engine, traces: TraceStore(capacity: configuration.traceCapacity), admission: admission, metrics: metrics,
            model: model, redactor: screen.redactor, recorder: recorder)
        let chat = ChatCompletionsRoute(service: service, reader: screen.reader)
        let completions = CompletionsRoute(service: service, reader: screen.reader)

        let router = Router(context: PonderRequestContext.self)
        router.middlewares.add(RequestLogMiddleware(metrics: metrics, logger: logger, redactor: screen.redactor))
        router.middlewares.add(APIKeyMiddleware(directory: screen.directory, metrics: metrics))
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        router.get("/readyz") { _, _ -> Response in
            // Ready when the policy endpoint answers /v1/models.
            let ready = (try? await engine.endpoints.client(for: .policy).models()) != nil
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: ready ? "{\"status\":\"ready\"}" : "{\"status\":\"no policy endpoint reachable\"}")))
        }
        router.get("/metrics") { _, _ -> Response in
            let clients = engine.endpoints.clients
            let text = metrics.render(
                admission: admission.snapshot, pools: clients.map { $0.pool.snapshot() }, names: clients.map(\.name),
                recordPending: recorder?.pendingCount)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/v1/ponder/traces/:id") { _, context -> Response in
            guard let id = context.parameters.get("id"), let trace = service.traces.trace(id: id, owner: context.client?.name) else {
                return APIError(status: .notFound, body: ErrorBody(message: "No recent trace with that id.", type: "invalid_request_error", param: "id")).response
            }
            return screen.redactor.response(JSONBody.bytes(trace))
        }
        router.get("/v1/models") { _, _ in
            ModelsRoute.response(model: model, presets: presets, aliases: configuration.routes.keys.sorted(), created: started)
        }
        router.post("/v1/chat/completions") { request, context -> Response in
            await Self.respond(request, limit: configuration.maxBodyBytes, redactor: screen.redactor) { body throws(APIError) in
                try await chat.respond(to: body, context: context)
            }
        }
        router.post("/v1/completions") { request, context -> Response in
            await Self.respond(request, limit: configuration.maxBodyBytes, redactor: screen.redactor) { body throws(APIError) in
                try await completions.respond(to: body, context: context)
            }
        }
        let responder = router.buildResponder()
        let application = Application(
            responder: responder,
            server: .leanHTTP1(
                responder: responder, maxBodyBytes: configuration.maxBodyBytes,
                timeouts: ConnectionTimeouts(
                    requestRead: configuration.requestReadTimeout, idle: configuration.idleTimeout,
                    badRequestLinger: configuration.badRequestLinger),
                logger: logger),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        return (application, recorder)
    }

    /// Collects the body (413 past the limit) and turns any error into OpenAI's error response, with
    /// any key it quotes redacted.
    static func respond(
        _ request: Request, limit: Int, redactor: SecretRedactor, _ handle: (ByteBuffer) async throws(APIError) -> Response
    ) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            return APIError.tooLarge(limit: limit).response
        }
        do {
            return try await handle(body)
        } catch {
            return redactor.redact(error).response
        }
    }
}

/// A daemon running in the background.
public final class RunningServer: Sendable {
    public let port: Int
    public let host: String
    private let task: Task<Void, any Error>
    /// The `--record` writer and its task, when the daemon records answered requests.
    let recorder: RequestRecorder?
    private let recording: Task<Void, any Error>?

    init(port: Int, host: String, task: Task<Void, any Error>, recorder: RequestRecorder? = nil, recording: Task<Void, any Error>? = nil) {
        self.port = port
        self.host = host
        self.task = task
        self.recorder = recorder
        self.recording = recording
    }

    public var baseURL: String { "http://\(host):\(port)/v1" }

    /// Runs until the task is cancelled.
    public func wait() async throws { try await task.value }

    /// Stops serving, then (with `--record`) writes every row still pending before returning.
    public func stop() async {
        task.cancel()
        _ = await task.result
        recorder?.close()
        _ = await recording?.result
    }
}
