import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
import PonderSim
@testable import PonderEngine

@testable import PonderServer

/// A daemon in-process over one upstream (a sim or a test listener), with an HTTP client, for the
/// hostile-input tests: every request is sent with a client timeout, so a hang fails the test.
struct DaemonHarness {
    let server: RunningServer
    let client: HTTPClient

    /// The answer to one request, whole.
    struct Reply {
        var status: Int
        var headers: [(String, String)]
        var text: String

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        /// OpenAI's error object, empty when there is none.
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        /// Status line, headers and body as one text, for searching.
        var everything: String { "\(status)\n" + headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n\n" + text }
    }

    /// - Parameters:
    ///   - model: the upstream's model id; given, so starting never calls the upstream.
    ///   - upstreamKey: the API key the daemon sends upstream.
    static func start(
        upstream: String, model: String = "sim-reasoner", upstreamKey: String? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> DaemonHarness {
        let root = ResourceLocator.sourceRoot
        let engine = try await Engine.start(
            configuration: try PonderConfiguration.singleEndpoint(urls: [upstream], model: model, apiKey: upstreamKey),
            strategiesFolder: root + "/Strategies", promptsFolder: root + "/Prompts")
        var configuration = ServerConfiguration()
        configure(&configuration)
        let server = try await PonderServer.start(engine: engine, configuration: configuration)
        return DaemonHarness(server: server, client: HTTPClient(eventLoopGroupProvider: .singleton))
    }

    /// Starts a daemon, runs `body` against it, and stops it whether or not `body` throws.
    static func with(
        upstream: String, model: String = "sim-reasoner", upstreamKey: String? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (DaemonHarness) async throws -> Void
    ) async throws {
        let daemon = try await start(upstream: upstream, model: model, upstreamKey: upstreamKey, configure: configure)
        do {
            try await body(daemon)
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()
    }

    /// A sim in-process and a daemon over it; both are stopped whether or not `body` throws.
    static func withSim(
        _ simConfiguration: SimConfiguration = .init(), upstreamKey: String? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (DaemonHarness, RunningSim) async throws -> Void
    ) async throws {
        let sim = try await SimServer.start(simConfiguration)
        do {
            try await with(upstream: sim.baseURL, upstreamKey: upstreamKey, configure: configure) { try await body($0, sim) }
        } catch {
            await sim.stop()
            throw error
        }
        await sim.stop()
    }

    var origin: String { "http://127.0.0.1:\(server.port)" }

    /// Sends `body` (a POST; nil: a GET) to `path` with `headers`, and reads the whole answer.
    func send(
        _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: origin + path)
        if let body {
            request.method = .POST
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: timeout)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 24))
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, text: text)
    }

    /// A JSON POST, with the key as a bearer token when one is given.
    func post(_ path: String, _ json: String, key: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var all = [("Content-Type", "application/json")] + headers
        if let key { all.append(("Authorization", "Bearer \(key)")) }
        return try await send(path, body: Array(json.utf8), headers: all)
    }

    func stop() async {
        try? await client.shutdown()
        await server.stop()
    }
}
