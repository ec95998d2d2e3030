import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import PonderEngine
import PonderSim
import Testing

@testable import PonderServer

/// How the daemon's router answers what is not a search: unknown paths, wrong methods, HEAD, odd
/// targets, and requests that come as Hummingbird's own.
extension ServerTests {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var bytes: Int
        var error: [String: Any]
    }

    func send(_ setup: Setup, _ method: HTTPMethod, _ path: String, key: String?) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)\(path)")
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response = try await setup.client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        return Reply(
            status: Int(response.status.code), headers: response.headers, bytes: body.readableBytes,
            error: object?["error"] as? [String: Any] ?? [:])
    }

    @Test func unknownPathsAndWrongMethodsGetOpenAIErrorsAndHeadIsAnsweredAsGet() async throws {
        let key = "sk-route-4711"
        try await withServer(keys: [key]) { setup in
            let unknown = try await send(setup, .GET, "/v1/sk-not-a-route-9931", key: key)
            #expect(unknown.status == 404)
            #expect(unknown.error["type"] as? String == "invalid_request_error" && unknown.error["code"] as? String == "unknown_url")
            #expect(!(unknown.error["message"] as? String ?? "sk-").contains("sk-"), "the client's path is not echoed")
            #expect(unknown.headers.first(name: "X-Request-Id")?.hasPrefix("req-") == true)

            let getChat = try await send(setup, .GET, "/v1/chat/completions", key: key)
            #expect(getChat.status == 405)
            #expect(getChat.headers.first(name: "Allow") == "POST")
            #expect(getChat.error["code"] as? String == "method_not_allowed")
            let postModels = try await send(setup, .POST, "/v1/models", key: key)
            #expect(postModels.status == 405 && postModels.headers.first(name: "Allow") == "GET, HEAD")

            let withoutKey = try await send(setup, .GET, "/v1/sk-not-a-route-9931", key: nil)
            #expect(withoutKey.status == 401, "a client without a key learns nothing about the routes")
            let probe = try await send(setup, .HEAD, "/healthz", key: nil)
            #expect(probe.status == 200 && probe.bytes == 0)
            #expect(probe.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0 > 0, "HEAD gets GET's head")
            let models = try await send(setup, .GET, "//v1/models/?limit=1", key: key)
            #expect(models.status == 200 && models.bytes > 0)
            #expect(try await send(setup, .GET, "/v1/ponder/traces/req-none", key: key).status == 404)

            let metrics = String(buffer: try await setup.client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)/metrics"), timeout: .seconds(5)
            ).body.collect(upTo: 1 << 20))
            #expect(metrics.contains(#"route="other",status="404""#))
            #expect(metrics.contains(#"route="/v1/chat/completions",status="405""#))
            #expect(metrics.contains(#"route="/v1/models",status="200""#))
            #expect(metrics.contains(#"route="/v1/ponder/traces",status="404""#), "a trace's id is not its label")
            #expect(!metrics.contains("sk-not-a-route"))
        }
    }

    /// The router also answers requests handed over as Hummingbird's (`HTTPResponder`), as it answers
    /// its own connections': the same id, 413 past the body limit, a search for a chat.
    @Test func theRouterAnswersHummingbirdRequestsAsItsConnectionsDo() async throws {
        let sim = try await SimServer.start(SimConfiguration())
        let engine = try await Engine.start(
            configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil),
            strategiesFolder: Self.root + "/Strategies", promptsFolder: Self.root + "/Prompts")
        let (router, _, _) = try PonderServer.makeRouter(engine: engine, configuration: ServerConfiguration(maxBodyBytes: 2048))
        let channel = EmbeddedChannel()
        func respond(_ body: String, id: String) async throws -> Response {
            var head = HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/v1/chat/completions")
            head.headerFields[HTTPField.Name("X-Request-Id")!] = id
            let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: body)))
            return try await router.respond(
                to: request, context: BasicRequestContext(source: .init(channel: channel, logger: Logger(label: "router-test"))))
        }
        let answered = try await respond(chat(model: "sim-reasoner"), id: "route-test-1")
        #expect(answered.status == .ok)
        #expect(answered.headers[HTTPField.Name("X-Request-Id")!] == "route-test-1")
        let tooLarge = try await respond(chat(model: "sim-reasoner", extra: #","pad":"\#(String(repeating: "x", count: 3000))""#), id: "route-test-2")
        #expect(tooLarge.status == .contentTooLarge)
        #expect(sim.stats().requests["/v1/chat/completions", default: 0] == 1, "only the first reached the model")
        await sim.stop()
    }
}
