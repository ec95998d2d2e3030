import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 client for plain-http, non-streaming calls: the hot path of Ponder's backend
/// traffic, where AsyncHTTPClient's per-request machinery costs more than the exchange itself.
///
/// One keep-alive pool per host and port; one exchange per connection at a time; the request goes out
/// in one flush and the response comes back whole, in one buffer. Per call there is one `LeanExchange`
/// and one hop onto the event loop: no task, actor or promise per call, and no timer unless the call
/// has to wait for a connection. See `LeanHostPool` for reuse and queuing, `LeanExchangeHandler` for
/// the wire and the timeouts.
///
/// ```swift
/// let client = LeanHTTPClient()
/// let response = try await client.execute(
///     LeanRequest(method: .GET, url: LeanURL("http://127.0.0.1:8080/v1/models")!),
///     deadline: .now() + .seconds(10))
/// ```
public final class LeanHTTPClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: TimeAmount
        /// Connections open at once to one host and port; more callers wait in line.
        public var maxConnectionsPerHost: Int
        /// A connection unused this long is closed.
        public var idleTimeout: TimeAmount

        public init(connectTimeout: TimeAmount = .seconds(5), maxConnectionsPerHost: Int = 4096, idleTimeout: TimeAmount = .seconds(60)) {
            self.connectTimeout = connectTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration
    private static let allocator = ByteBufferAllocator()
    private let connector: LeanConnector
    private let registry = Mutex(Registry())

    private struct Registry {
        var pools: [HostKey: LeanHostPool] = [:]
        var isShutDown = false
    }

    private struct HostKey: Hashable {
        var host: String
        var port: Int
    }

    public init(configuration: Configuration = .init(), eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.connector = LeanConnector(
            group: eventLoopGroup, connectTimeout: configuration.connectTimeout, idleTimeout: configuration.idleTimeout)
    }

    /// Sends the request and reads the whole response, which must arrive by `deadline`.
    ///
    /// Throws `LeanHTTPError` (deadline, early close, oversized body, a header that would split the request), `CancellationError` when the calling
    /// task is cancelled (the connection, if the request was sent, is closed), or SwiftNIO's own error
    /// when connecting or the connection fails (refused, reset, `ChannelError.connectTimeout`).
    public func execute(
        _ request: LeanRequest, deadline: NIODeadline, responseLimit: Int = 64 << 20
    ) async throws -> LeanResponse {
        let pool = self.pool(for: request.url)
        let wire = try request.wireBytes(hostHeader: pool.hostHeader, allocator: Self.allocator)
        return try await exchange(on: pool, method: request.method, wire: wire, deadline: deadline, responseLimit: responseLimit)
    }

    /// A route for requests to `url` that differ only in their body (see `LeanRoute`). Throws
    /// `LeanHTTPError.invalidHeader` for a header that would split the request.
    public func route(method: HTTPMethod, url: LeanURL, headers: HTTPHeaders) throws(LeanHTTPError) -> LeanRoute {
        try LeanRoute(method: method, url: url, headers: headers, pool: pool(for: url))
    }

    /// Sends `body` on `route` and reads the whole response, as `execute(_:deadline:responseLimit:)`.
    public func execute(
        _ route: LeanRoute, body: [UInt8], deadline: NIODeadline, responseLimit: Int = 64 << 20
    ) async throws -> LeanResponse {
        let wire = route.wireBytes(body: body, allocator: Self.allocator)
        return try await exchange(on: route.pool, method: route.method, wire: wire, deadline: deadline, responseLimit: responseLimit)
    }

    /// Sends `body` on `route` as the call in slot `slot` of `batch`, which gets the whole response or the
    /// error `execute` would have thrown. Returns at once.
    func start(_ route: LeanRoute, body: [UInt8], deadline: NIODeadline, responseLimit: Int = 64 << 20, in batch: LeanBatch, slot: Int) {
        let wire = route.wireBytes(body: body, allocator: Self.allocator)
        let exchange = LeanExchange(
            method: route.method, wire: wire, deadline: deadline, responseLimit: responseLimit, batch: batch, slot: slot)
        batch.add(exchange, pool: route.pool)
        route.pool.lease(exchange)
    }

    private func exchange(
        on pool: LeanHostPool, method: HTTPMethod, wire: ByteBuffer, deadline: NIODeadline, responseLimit: Int
    ) async throws -> LeanResponse {
        let exchange = LeanExchange(method: method, wire: wire, deadline: deadline, responseLimit: responseLimit)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                if exchange.begin(continuation) {
                    pool.lease(exchange)
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            exchange.cancel(in: pool)
        }
    }

    /// Closes idle connections and fails queued calls; calls in flight finish, then their connections
    /// close. Later calls fail with `LeanHTTPError.shutDown`.
    public func shutdown() async {
        let pools = registry.withLock { registry in
            registry.isShutDown = true
            return Array(registry.pools.values)
        }
        for future in pools.flatMap({ $0.shutDown() }) { try? await future.get() }
    }

    /// The connections open to `url`'s host and port (0 before the first call there).
    func openConnections(to url: LeanURL) -> Int {
        registry.withLock { $0.pools[HostKey(host: url.host, port: url.port)] }?.openConnections ?? 0
    }

    private func pool(for url: LeanURL) -> LeanHostPool {
        let key = HostKey(host: url.host, port: url.port)
        let (pool, isShutDown) = registry.withLock { registry in
            if let pool = registry.pools[key] { return (pool, registry.isShutDown) }
            let pool = LeanHostPool(url: url, connector: connector, limit: configuration.maxConnectionsPerHost)
            registry.pools[key] = pool
            return (pool, registry.isShutDown)
        }
        // A pool made after shutdown refuses every call.
        if isShutDown { _ = pool.shutDown() }
        return pool
    }
}
