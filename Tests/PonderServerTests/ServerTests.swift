import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
@testable import PonderEngine
import PonderSim
import Testing

@testable import PonderServer

/// The daemon against a live sim, through a real HTTP client.
@Suite struct ServerTests {
    static let root = ResourceLocator.sourceRoot

    struct Setup {
        let sim: RunningSim
        let server: RunningServer
        let client: HTTPClient

        func post(_ json: String, key: String? = nil) async throws -> (Int, [String: Any]) {
            var request = HTTPClientRequest(url: server.baseURL + "/chat/completions")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
            request.body = .bytes(ByteBuffer(string: json))
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 22)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
            return (Int(response.status.code), object)
        }

        func get(_ path: String) async throws -> (Int, [String: Any]) {
            let response = try await client.execute(HTTPClientRequest(url: server.baseURL + path), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 22)
            return (Int(response.status.code), (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:])
        }
    }

    func withServer(keys: Set<String> = [], maxBody: Int = 1 << 20, _ body: (Setup) async throws -> Void) async throws {
        let sim = try await SimServer.start(SimConfiguration())
        let engine = try await Engine.start(
            configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil),
            strategiesFolder: Self.root + "/Strategies", promptsFolder: Self.root + "/Prompts")
        let server = try await PonderServer.start(
            engine: engine, configuration: ServerConfiguration(apiKeys: keys, maxBodyBytes: maxBody))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(Setup(sim: sim, server: server, client: client))
        } catch {
            try? await client.shutdown()
            await server.stop()
            await sim.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
        await sim.stop()
    }

    let question = SimProblemGenerator.generate(count: 1, seed: 3, difficulty: .level(3))[0].question

    func chat(model: String, extra: String = "") -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(question)"}]\#(extra)}"#
    }

    @Test func presetInTheModelIdAndUsageOfTheWholeSearch() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.post(chat(model: "best-of-4/sim-reasoner", extra: #","n":2"#))
            #expect(status == 200)
            let choices = body["choices"] as? [[String: Any]] ?? []
            #expect(choices.count == 2)
            let content = (choices.first?["message"] as? [String: Any])?["content"] as? String ?? ""
            #expect(content.contains("\\boxed{"))
            let ponder = body["ponder"] as? [String: Any] ?? [:]
            #expect(ponder["strategy"] as? String == "best-of-4")
            #expect(ponder["calls"] as? Int == 5)
            let usage = body["usage"] as? [String: Any] ?? [:]
            #expect(usage["completion_tokens"] as? Int == setup.sim.stats().completionTokens, "every backend token counted")
            #expect(usage["prompt_tokens"] as? Int == setup.sim.stats().promptTokens)
        }
    }

    @Test func strategyFromThePonderObjectAndOptillmForms() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.post(
                chat(model: "sim-reasoner", extra: #","ponder":{"strategy":"self-consistency","budget":{"max_calls":3}}"#))
            #expect(status == 200)
            #expect((body["ponder"] as? [String: Any])?["strategy"] as? String == "self-consistency")
            let (_, optillm) = try await setup.post(chat(model: "sim-reasoner", extra: #","optillm_approach":"bon""#))
            #expect((optillm["ponder"] as? [String: Any])?["strategy"] as? String == "best-of-4")
            let (_, prefixed) = try await setup.post(chat(model: "bon-sim-reasoner"))
            #expect((prefixed["ponder"] as? [String: Any])?["strategy"] as? String == "best-of-4")
            let (_, plain) = try await setup.post(chat(model: "sim-reasoner"))
            #expect((plain["ponder"] as? [String: Any])?["strategy"] as? String == "single")
        }
    }

    @Test func errorsUseOpenAIsShape() async throws {
        try await withServer(maxBody: 4096) { setup in
            func error(_ body: [String: Any]) -> [String: Any] { body["error"] as? [String: Any] ?? [:] }
            let (badJSON, b1) = try await setup.post("{not json")
            #expect(badJSON == 400)
            #expect(!(error(b1)["message"] as? String ?? "").isEmpty)
            let (missing, b2) = try await setup.post(#"{"model":"sim-reasoner"}"#)
            #expect(missing == 400)
            #expect(error(b2)["param"] as? String == "messages")
            let (badN, b3) = try await setup.post(chat(model: "sim-reasoner", extra: #","n":99"#))
            #expect(badN == 400)
            #expect(error(b3)["param"] as? String == "n")
            let (unknownModel, b4) = try await setup.post(chat(model: "gpt-9"))
            #expect(unknownModel == 404)
            #expect(error(b4)["param"] as? String == "model")
            let (unknownPreset, _) = try await setup.post(chat(model: "sim-reasoner", extra: #","ponder":{"strategy":"nope"}"#))
            #expect(unknownPreset == 404)
            let (tooLarge, _) = try await setup.post(chat(model: "sim-reasoner", extra: #","pad":"\#(String(repeating: "x", count: 5000))""#))
            #expect(tooLarge == 413)
            let (badBudget, b5) = try await setup.post(chat(model: "sim-reasoner", extra: #","ponder":{"budget":{"max_calls":0}}"#))
            #expect(badBudget == 400)
            #expect(error(b5)["param"] as? String == "ponder.budget.max_calls")
            #expect(setup.sim.stats().requests["/v1/chat/completions", default: 0] == 0, "no bad request reached the model")
        }
    }

    @Test func apiKeysAreRequiredWhenConfigured() async throws {
        try await withServer(keys: ["sk-test-123"]) { setup in
            let (without, body) = try await setup.post(chat(model: "sim-reasoner"))
            #expect(without == 401)
            #expect(!String(describing: body).contains("sk-test-123"))
            let (wrong, _) = try await setup.post(chat(model: "sim-reasoner"), key: "sk-wrong")
            #expect(wrong == 401)
            let (right, _) = try await setup.post(chat(model: "sim-reasoner"), key: "sk-test-123")
            #expect(right == 200)
            let response = try await setup.client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)/healthz"), timeout: .seconds(5))
            #expect(response.status.code == 200, "health needs no key")
        }
    }

    @Test func modelsListTheModelAndEveryPreset() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.get("/models")
            #expect(status == 200)
            let ids = (body["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.contains("sim-reasoner"))
            #expect(ids.contains("mcts-q/sim-reasoner"))
            #expect(ids.contains("best-of-16/sim-reasoner"))
        }
    }
}
