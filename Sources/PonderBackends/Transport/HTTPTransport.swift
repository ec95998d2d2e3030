import PonderCore
import AsyncHTTPClient
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder
import class FoundationEssentials.JSONEncoder

/// The one HTTP client of the process, shared by every endpoint.
///
/// A single long-lived `HTTPClient` keeps connections pooled across calls; its per-host connection
/// limit is raised far above AsyncHTTPClient's default of 8 so fan-out is not throttled (each
/// endpoint's own `ConcurrencyLimiter` bounds what it sends). Redirects are refused: a model server
/// cannot send Ponder to an address that is not configured.
public final class HTTPTransport: Sendable {
    public static let shared = HTTPTransport()

    let client: HTTPClient

    /// One decoder for every response: it holds no per-call state, and making one per call is a
    /// needless allocation on the hottest path.
    static let decoder = JSONDecoder()

    public init(connectTimeout: Double = 5, maxConnectionsPerHost: Int = 4096) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        // Per-call first-byte, idle and total limits are enforced per endpoint (see `send`); the
        // client-wide read timeout is only a backstop for a connection that goes silent.
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .seconds(900))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Shuts the client down; only for transports created by tests or benchmarks, never `shared`.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Who a request goes to, for error messages.
    struct Target: Sendable {
        var endpoint: String
        var replica: String
    }

    /// POSTs a JSON body and decodes a JSON response within the endpoint's timeouts.
    func postJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, url: String, body: ByteBuffer, apiKey: String?,
        timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        let request = makeRequest(url: url, body: body, apiKey: apiKey, accept: "application/json")
        return try await fetchJSON(Response.self, request: request, timeouts: timeouts, target: target)
    }

    /// GETs a JSON document.
    func getJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, url: String, apiKey: String?, timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return try await fetchJSON(Response.self, request: request, timeouts: timeouts, target: target)
    }

    /// One non-streaming exchange. The total deadline bounds the wait for the head (AsyncHTTPClient
    /// enforces it) and is checked again as each body chunk arrives, so a trickling body is cut off;
    /// no timer task is needed on this, the hottest, path.
    private func fetchJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, request: HTTPClientRequest, timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeouts.total * 1e9))
        let response = try await execute(request, deadline: deadline, target: target, seconds: timeouts.total)
        let bytes = try await collect(response.body, deadline: deadline, timeouts: timeouts, target: target)
        try Self.checkStatus(response, body: bytes, target: target)
        do {
            return try Self.decoder.decode(Response.self, from: bytes)
        } catch {
            throw BackendError.malformedResponse(
                endpoint: target.endpoint, replica: target.replica, detail: Self.describe(error, body: bytes))
        }
    }

    /// POSTs a streaming request and hands each server-sent event's data to `onEvent` as it arrives.
    ///
    /// The head must arrive within `firstByte`; after it, no gap between chunks may exceed `idle`, and
    /// the whole call may not exceed `total`.
    func postStream(
        url: String, body: ByteBuffer, apiKey: String?, timeouts: EndpointTimeouts, target: Target,
        onEvent: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async throws {
        let request = makeRequest(url: url, body: body, apiKey: apiKey, accept: "text/event-stream")
        let started = NIODeadline.now()
        let progress = ProgressClock(started.uptimeNanoseconds)
        try await withWatchdog(
            started: started, total: timeouts.total, idle: timeouts.idle, progress: progress, target: target
        ) {
            let headSeconds = min(timeouts.firstByte, timeouts.total)
            let response = try await self.execute(
                request, deadline: started + .nanoseconds(Int64(headSeconds * 1e9)), target: target,
                headTimeout: .firstByte, seconds: headSeconds)
            progress.touch()
            guard response.status.code / 100 == 2 else {
                let bytes = try await self.collect(response.body, target: target)
                try Self.checkStatus(response, body: bytes, target: target)
                return
            }
            var parser = ServerSentEventParser()
            do {
                for try await chunk in response.body {
                    progress.touch()
                    parser.append(chunk)
                    while let data = parser.nextEventData() {
                        try await onEvent(data)
                    }
                }
            } catch let error as BackendError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw Self.classify(error, target: target, timeouts: timeouts)
            }
            if let data = parser.finish() { try await onEvent(data) }
        }
    }

    /// One POST of a chat request and a full read of the answer with nothing else: the floor that
    /// `ponder bench client` compares Ponder's own client path against.
    @discardableResult
    public func bareExchange(url: String, body: ChatCompletionRequest) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(RequestBodies.chat(body))
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    // MARK: - Pieces

    private func makeRequest(url: String, body: ByteBuffer, apiKey: String?, accept: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: accept)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(body)
        return request
    }

    private func execute(
        _ request: HTTPClientRequest, deadline: NIODeadline, target: Target,
        headTimeout: BackendError.TimeoutKind = .total, seconds: Double
    ) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, deadline: deadline)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: headTimeout, seconds: seconds)
        } catch {
            throw Self.classify(error, target: target, timeouts: nil)
        }
    }

    /// Gathers a whole body, up to 64 MiB (a larger one is treated as malformed rather than buffered).
    private func collect(
        _ body: HTTPClientResponse.Body, deadline: NIODeadline? = nil, timeouts: EndpointTimeouts? = nil, target: Target
    ) async throws -> ByteBuffer {
        var collected: ByteBuffer?
        do {
            for try await var chunk in body {
                if let deadline, NIODeadline.now() > deadline {
                    throw BackendError.timeout(
                        endpoint: target.endpoint, replica: target.replica, kind: .total, seconds: timeouts?.total ?? 0)
                }
                if collected == nil {
                    collected = chunk
                } else {
                    collected!.writeBuffer(&chunk)
                }
                if collected!.readableBytes > 64 << 20 {
                    throw BackendError.malformedResponse(
                        endpoint: target.endpoint, replica: target.replica, detail: "the body is larger than 64 MiB")
                }
            }
        } catch let error as BackendError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error, target: target, timeouts: timeouts)
        }
        return collected ?? ByteBuffer()
    }

    static func checkStatus(_ response: HTTPClientResponse, body: ByteBuffer, target: Target) throws {
        let status = Int(response.status.code)
        guard status / 100 != 2 else { return }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap { Double($0.trimmingWhitespace()) }
        throw BackendError.http(
            endpoint: target.endpoint, replica: target.replica, status: status,
            message: errorMessage(from: body), retryAfterSeconds: retryAfter)
    }

    /// The server's own message: OpenAI's `error.message` when present, else the start of the body.
    static func errorMessage(from body: ByteBuffer) -> String {
        if let parsed = try? decoder.decode(ErrorEnvelope.self, from: body) {
            return parsed.message
        }
        let text = String(buffer: body)
        return text.isEmpty ? "(empty body)" : String(text.prefix(500))
    }

    static func describe(_ error: any Error, body: ByteBuffer) -> String {
        let head = String(buffer: body).prefix(200)
        return "\(error) — body starts: \(head)"
    }

    static func classify(_ error: any Error, target: Target, timeouts: EndpointTimeouts?) -> any Error {
        if error is CancellationError || error is BackendError { return error }
        if let http = error as? HTTPClientError {
            if http == .connectTimeout {
                return BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .connect, seconds: 0)
            }
            if http == .readTimeout {
                return BackendError.timeout(
                    endpoint: target.endpoint, replica: target.replica, kind: .idle, seconds: timeouts?.idle ?? 0)
            }
            if http == .cancelled { return CancellationError() }
        }
        return BackendError.connection(endpoint: target.endpoint, replica: target.replica, detail: "\(error)")
    }

    /// Runs `body` while a watchdog enforces the total deadline and, for streams, the idle limit.
    private func withWatchdog<T: Sendable>(
        started: NIODeadline, total: Double, idle: Double?, progress: ProgressClock?, target: Target,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                let totalNanos = started.uptimeNanoseconds &+ UInt64(total * 1e9)
                while true {
                    var wake = totalNanos
                    if let idle, let progress {
                        wake = min(wake, progress.lastNanos &+ UInt64(idle * 1e9))
                    }
                    let now = NIODeadline.now().uptimeNanoseconds
                    if now >= totalNanos {
                        throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .total, seconds: total)
                    }
                    if let idle, let progress, now >= progress.lastNanos &+ UInt64(idle * 1e9) {
                        throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .idle, seconds: idle)
                    }
                    try await Task.sleep(nanoseconds: wake - now)
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }
}

/// The time of the last sign of life of a streamed response.
final class ProgressClock: Sendable {
    private let last: Atomic<UInt64>
    init(_ nanos: UInt64) { last = Atomic(nanos) }
    var lastNanos: UInt64 { last.load(ordering: .relaxed) }
    func touch() { last.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed) }
}

/// `{"error": {"message": ...}}` or `{"error": "..."}` or `{"message": ...}`.
private struct ErrorEnvelope: Decodable {
    var message: String

    private struct Detail: Decodable { var message: String }
    private enum Keys: String, CodingKey { case error, message, detail }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        if let detail = try? c.decode(Detail.self, forKey: .error) {
            message = detail.message
        } else if let text = try? c.decode(String.self, forKey: .error) {
            message = text
        } else if let text = try? c.decode(String.self, forKey: .message) {
            message = text
        } else {
            message = try c.decode(String.self, forKey: .detail)
        }
    }
}
