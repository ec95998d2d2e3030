#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Hummingbird
import Logging
import NIOCore

/// The simulated reasoning model server: a real HTTP server (Hummingbird) around the pure `SimModel`.
///
/// Routes: `POST /v1/chat/completions` and `POST /v1/completions` (OpenAI shapes, `n`, `stop`, `max_tokens`,
/// logprobs, SSE streaming with an optional usage chunk), `GET /v1/models`, `POST /v1/score` (process reward
/// model, see `ProcessRewardModel`), `POST /v1/qvalue` (see `QValueModel`), `GET /sim/stats` (see `SimStats`)
/// and `GET /health`. Usage counts prompt tokens once per request, completion tokens over all choices and
/// cached tokens from a vLLM-style prefix cache. Decode and prefill speed, request slots and injected faults
/// come from `SimConfiguration`; faults hit the generation and scoring routes only.
public enum SimServer {
    public enum StartError: Error, CustomStringConvertible {
        case notStarted
        public var description: String { "the sim server stopped before it was listening" }
    }

    /// Starts a server in the background and returns once it accepts connections.
    public static func start(_ configuration: SimConfiguration) async throws -> RunningSim {
        let service = SimService(configuration)
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = makeApplication(service) { port in
            announce.yield(port)
            announce.finish()
        }
        let task = Task {
            defer { announce.finish() }
            try await application.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw StartError.notStarted
        }
        return RunningSim(host: configuration.host, port: port, service: service, task: task)
    }

    /// Runs a server in the foreground until SIGINT or SIGTERM; `onListening` gets the bound port once the
    /// server accepts connections.
    public static func run(_ configuration: SimConfiguration, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let service = SimService(configuration)
        let application = makeApplication(service) { onListening($0) }
        let task = Task { try await application.run() }
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        try await withTaskCancellationHandler {
            do {
                try await task.value
            } catch is CancellationError {
                // Stopped by a signal.
            }
        } onCancel: {
            task.cancel()
        }
    }

    static func makeApplication(_ service: SimService, onListening: @escaping @Sendable (Int) -> Void)
        -> some ApplicationProtocol
    {
        var logger = Logger(label: "ponder-sim") { label in StreamLogHandler.standardError(label: label) }
        // Stopping by cancellation makes Hummingbird log an error for the accept loop; only critical ones show.
        logger.logLevel = .critical
        let registry = service.connections
        return Application(
            router: service.makeRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionWatchHandler(registry: registry)])),
            configuration: .init(
                address: .hostname(service.configuration.host, port: service.configuration.port), backlog: 4096),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? service.configuration.port) },
            logger: logger)
    }
}

/// A sim server running in the background.
public final class RunningSim: Sendable {
    public let host: String
    public let port: Int
    private let service: SimService
    private let task: Task<Void, any Error>

    init(host: String, port: Int, service: SimService, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.service = service
        self.task = task
    }

    /// The OpenAI base URL, e.g. "http://127.0.0.1:8123/v1".
    public var baseURL: String { "http://\(connectHost):\(port)/v1" }

    /// The server's root URL, e.g. "http://127.0.0.1:8123" (for `/sim/stats`).
    public var rootURL: String { "http://\(connectHost):\(port)" }

    private var connectHost: String { host == "0.0.0.0" || host == "::" || host.isEmpty ? "127.0.0.1" : host }

    /// The counters since start, as `GET /sim/stats` reports them.
    public func stats() -> SimStats { service.stats.snapshot() }

    /// The configuration the server runs with.
    public var configuration: SimConfiguration { service.configuration }

    /// Stops the server and waits until it has shut down.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
