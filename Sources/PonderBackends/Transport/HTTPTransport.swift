import PonderCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

import class FoundationEssentials.JSONDecoder
import class FoundationEssentials.ProcessInfo

/// The HTTP clients of the process, shared by every endpoint.
///
/// Non-streaming calls to `http://` URLs (the hot path: every generation and score of a search) go
/// through `LeanHTTPClient`, which writes each request in one flush and keeps no per-call machinery.
/// Streams, `https://` URLs and anything the lean client does not parse go through one long-lived
/// AsyncHTTPClient. Both pool connections per host up to `maxConnectionsPerHost`, far above
/// AsyncHTTPClient's default of 8, so fan-out is not throttled (each endpoint's own
/// `ConcurrencyLimiter` bounds what it sends). Redirects are refused: a model server cannot send
/// Ponder to an address that is not configured.
public final class HTTPTransport: Sendable {
    public static let shared = HTTPTransport()

    /// Which client carries non-streaming calls to `http://` URLs.
    public enum NonStreamingClient: String, Sendable, CaseIterable {
        case lean
        case asyncHTTPClient = "ahc"

        /// `PONDER_HTTP_CLIENT=ahc` selects AsyncHTTPClient (to compare the two); otherwise the lean client.
        public static var fromEnvironment: NonStreamingClient {
            ProcessInfo.processInfo.environment["PONDER_HTTP_CLIENT"].flatMap(NonStreamingClient.init(rawValue:)) ?? .lean
        }
    }

    public let nonStreamingClient: NonStreamingClient
    let client: HTTPClient
    let lean: LeanHTTPClient
    let connectTimeout: Double

    /// One decoder for every response: it holds no per-call state, and making one per call is a
    /// needless allocation on the hottest path.
    static let decoder = JSONDecoder()

    /// The largest body read whole; a larger one is treated as malformed rather than buffered.
    static let responseLimit = 64 << 20

    public init(
        connectTimeout: Double = 5, maxConnectionsPerHost: Int = 4096,
        nonStreamingClient: NonStreamingClient = .fromEnvironment
    ) {
        self.nonStreamingClient = nonStreamingClient
        self.connectTimeout = connectTimeout
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost)
        // A refused connection fails the call at once, so the endpoint pool retries on another replica;
        // AsyncHTTPClient would otherwise keep trying the same one until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Per-call first-byte, idle and total limits are enforced per endpoint (see `send`); the
        // client-wide read timeout is only a backstop for a connection that goes silent.
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .seconds(900))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.httpVersion = .http1Only
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.lean = LeanHTTPClient(
            configuration: .init(
                connectTimeout: .milliseconds(Int64(connectTimeout * 1000)), maxConnectionsPerHost: maxConnectionsPerHost,
                idleTimeout: .seconds(60)))
    }

    /// Shuts the clients down; only for transports created by tests or benchmarks, never `shared`.
    public func shutdown() async throws {
        await lean.shutdown()
        try await client.shutdown()
    }

    /// Who a request goes to, for error messages.
    struct Target: Sendable {
        var endpoint: String
        var replica: String
    }

    /// POSTs a JSON body and decodes a JSON response within the endpoint's total timeout.
    func postJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, url: String, body: ByteBuffer, apiKey: String?,
        timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        if nonStreamingClient == .lean, let leanURL = LeanURL(url) {
            return try await leanFetchJSON(
                Response.self, method: .POST, url: leanURL, body: body, apiKey: apiKey, timeouts: timeouts, target: target)
        }
        return try await postJSONThroughAsyncHTTPClient(Response.self, url: url, body: body, apiKey: apiKey, timeouts: timeouts, target: target)
    }

    /// Kept out of line: inlined, AsyncHTTPClient's request and response would sit in the async frame of
    /// every call, and a frame that large costs each call an allocation of its own rather than a place
    /// on the task's stack of frames.
    @inline(never)
    func postJSONThroughAsyncHTTPClient<Response: Decodable & Sendable>(
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
        if nonStreamingClient == .lean, let leanURL = LeanURL(url) {
            return try await leanFetchJSON(
                Response.self, method: .GET, url: leanURL, body: nil, apiKey: apiKey, timeouts: timeouts, target: target)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return try await fetchJSON(Response.self, request: request, timeouts: timeouts, target: target)
    }

    /// Decodes a 2xx body; a body that does not decode is the server's fault, and retryable.
    static func decodeJSON<Response: Decodable>(_ type: Response.Type, from bytes: ByteBuffer, target: Target) throws -> Response {
        // The hot non-streaming chat body skips `JSONDecoder` when its fast reader is sure of the value.
        if Response.self == ChatCompletionResponse.self,
            let fast = bytes.withUnsafeReadableBytes(ChatCompletionResponse.fastDecode) as? Response
        {
            return fast
        }
        do {
            return try decoder.decode(Response.self, from: bytes)
        } catch {
            throw BackendError.malformedResponse(
                endpoint: target.endpoint, replica: target.replica, detail: describe(error, body: bytes))
        }
    }
}
