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
        let (router, recorder, logger) = try makeRouter(engine: engine, configuration: configuration)
        let application = Application(
            responder: router,
            server: .leanHTTP1(
                responder: router, maxBodyBytes: configuration.maxBodyBytes,
                timeouts: ConnectionTimeouts(
                    requestRead: configuration.requestReadTimeout, idle: configuration.idleTimeout,
                    badRequestLinger: configuration.badRequestLinger),
                logger: logger),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        return (application, recorder)
    }

    /// The router with everything behind it: routes, search service, metrics, admission, request log,
    /// and the recorder when `configuration.recordPath` is set.
    static func makeRouter(engine: Engine, configuration: ServerConfiguration) throws -> (DaemonRouter, RequestRecorder?, Logger) {
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
            engine: engine, presets: PresetSummaries(engine.presets), traces: TraceStore(capacity: configuration.traceCapacity), admission: admission, metrics: metrics,
            model: model, redactor: screen.redactor, recorder: recorder)
        let chat = ChatCompletionsRoute(service: service, reader: screen.reader)
        let completions = CompletionsRoute(service: service, reader: screen.reader)

        let router = DaemonRouter(
            routes: DaemonRoutes(
                service: service, chat: chat, completions: completions, presets: presets, aliases: configuration.routes.keys.sorted(),
                started: started, maxBodyBytes: configuration.maxBodyBytes),
            log: RequestLog(metrics: metrics, logger: logger, redactor: screen.redactor),
            keys: APIKeyCheck(directory: screen.directory, metrics: metrics))
        return (router, recorder, logger)
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
