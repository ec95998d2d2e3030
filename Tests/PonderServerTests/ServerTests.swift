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

    func withServer(
        keys: Set<String> = [], maxBody: Int = 1 << 20, sim simConfiguration: SimConfiguration = .init(),
        configure: (inout ServerConfiguration) -> Void = { _ in },
        endpoints: (inout PonderConfiguration) -> Void = { _ in },
        _ body: (Setup) async throws -> Void
    ) async throws {
        let sim = try await SimServer.start(simConfiguration)
        var engineConfiguration = try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil)
        endpoints(&engineConfiguration)
        let engine = try await Engine.start(
            configuration: engineConfiguration,
            strategiesFolder: Self.root + "/Strategies", promptsFolder: Self.root + "/Prompts")
        var configuration = ServerConfiguration(
            clientKeys: keys.sorted().map { ServerSection.ClientKey(name: "client-\($0.suffix(3))", key: $0) }, maxBodyBytes: maxBody)
        configure(&configuration)
        let server = try await PonderServer.start(engine: engine, configuration: configuration)
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

    @Test func theClientsTokenLimitCapsEveryCallOfTheSearch() async throws {
        try await withServer { setup in
            for (extra, model, limit) in [
                (#","max_tokens":5"#, "sim-reasoner", 5), (#","max_completion_tokens":6"#, "sim-reasoner", 6),
                (#","max_tokens":9,"max_completion_tokens":7"#, "sim-reasoner", 7), (#","max_tokens":5"#, "best-of-4/sim-reasoner", 5),
            ] {
                let before = setup.sim.stats()
                let (status, body) = try await setup.post(chat(model: model, extra: extra))
                #expect(status == 200, "\(extra) \(model)")
                let after = setup.sim.stats()
                let choices = after.choices - before.choices
                #expect(choices >= 1)
                #expect(after.completionTokens - before.completionTokens <= limit * choices, "\(extra) \(model): every choice capped")
                let choice = (body["choices"] as? [[String: Any]])?.first
                #expect(choice?["finish_reason"] as? String == "length", "\(extra) \(model)")
            }
            let (refused, body) = try await setup.post(chat(model: "sim-reasoner", extra: #","max_completion_tokens":0"#))
            #expect(refused == 400)
            #expect((body["error"] as? [String: Any])?["param"] as? String == "max_completion_tokens")
        }
    }

    @Test func maxCostStopsTheSearchAtTheEndpointsPrice() async throws {
        try await withServer(endpoints: { $0.endpoints[0].cost = TokenCost(promptPer1K: 1, completionPer1K: 1) }) { setup in
            let free = try await setup.post(chat(model: "beam-prm/sim-reasoner"))
            let freeCalls = (free.1["ponder"] as? [String: Any])?["calls"] as? Int ?? 0
            // One call of the sim's costs about 0.1-0.3 at this price: the budget admits the first and no more.
            let (status, body) = try await setup.post(
                chat(model: "beam-prm/sim-reasoner", extra: #","ponder":{"budget":{"max_cost":0.001}}"#))
            #expect(status == 200)
            let ponder = body["ponder"] as? [String: Any] ?? [:]
            #expect(ponder["cut_short"] as? String == "cost", "\(ponder)")
            #expect((ponder["calls"] as? Int ?? .max) < freeCalls, "\(ponder["calls"] ?? "?") of \(freeCalls)")
        }
    }

    @Test func budgetVariantsOfPresetsAreAccepted() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.post(chat(model: "self-consistency@3/sim-reasoner"))
            #expect(status == 200)
            let details = body["ponder"] as? [String: Any]
            #expect(details?["strategy"] as? String == "self-consistency@3")
            #expect((details?["parameters"] as? [String: Any])?["n"] as? String == "3", "\(details ?? [:])")
            let (viaObject, object) = try await setup.post(
                chat(model: "sim-reasoner", extra: #","ponder":{"strategy":"best-of-4@2"}"#))
            #expect(viaObject == 200)
            #expect((object["ponder"] as? [String: Any])?["strategy"] as? String == "best-of-4@2")
            for bad in ["self-consistency@0/sim-reasoner", "single@4/sim-reasoner", "no-such@4/sim-reasoner"] {
                let (refused, _) = try await setup.post(chat(model: bad))
                #expect(refused == 404, "\(bad)")
            }
        }
    }

    @Test func autoReportsItsAllocationAndCountsTheProbe() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.post(chat(model: "auto/sim-reasoner"))
            #expect(status == 200)
            let ponder = body["ponder"] as? [String: Any] ?? [:]
            #expect(ponder["strategy"] as? String == "auto")
            let allocation = try #require(ponder["allocation"] as? [String: Any])
            let features = try #require(allocation["features"] as? [String: Any])
            #expect(features["samples"] as? Int == 4 && features["agreement"] is Double)
            #expect((allocation["bin"] as? Int ?? 0) >= 1)
            let probe = try #require(allocation["probe_usage"] as? [String: Any])
            let usage = body["usage"] as? [String: Any] ?? [:]
            #expect(usage["completion_tokens"] as? Int == setup.sim.stats().completionTokens, "the probe and the plan, every token")
            #expect((usage["completion_tokens"] as? Int ?? 0) >= (probe["completion_tokens"] as? Int ?? .max))

            // A budget too small for any plan: the pilots answer, within the budget.
            let (_, tight) = try await setup.post(
                chat(model: "auto/sim-reasoner", extra: #","ponder":{"budget":{"max_completion_tokens":300}}"#))
            let tightAllocation = ((tight["ponder"] as? [String: Any])?["allocation"] as? [String: Any]) ?? [:]
            #expect(tightAllocation["plan"] == nil, "no plan fits in what the probe left")
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
            let (misspelt, b7) = try await setup.post(chat(model: "sim-reasoner", extra: #","ponder":{"stratgy":"best-of-16"}"#))
            #expect(misspelt == 400)
            #expect(error(b7)["param"] as? String == "ponder")
            let (misspeltBudget, b8) = try await setup.post(chat(model: "sim-reasoner", extra: #","ponder":{"budget":{"max_call":2}}"#))
            #expect(misspeltBudget == 400)
            #expect(error(b8)["param"] as? String == "ponder.budget")
            #expect((error(b8)["message"] as? String ?? "").contains("max_calls"), "the fields it takes are named")
            let (streamedN, b6) = try await setup.post(chat(model: "best-of-4/sim-reasoner", extra: #","n":3,"stream":true"#))
            #expect(streamedN == 400)
            #expect(error(b6)["param"] as? String == "n")
            #expect(Set(error(b1).keys) == ["message", "type", "param", "code"], "absent fields are there as null: \(b1)")
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
            for id in ["sim-reasoner", "best-of-16/sim-reasoner"] {
                let (found, model) = try await setup.get("/models/\(id)")
                #expect(found == 200)
                #expect(model["id"] as? String == id && model["object"] as? String == "model", "\(model)")
            }
            let (missing, error) = try await setup.get("/models/gpt-9")
            #expect(missing == 404)
            #expect((error["error"] as? [String: Any])?["code"] as? String == "model_not_found")
        }
    }

    /// Reads a server-sent event stream into its `data` payloads.
    static func events(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").compactMap { event in
            event.hasPrefix("data: ") ? String(event.dropFirst(6)) : nil
        }
    }

    func stream(_ setup: Setup, _ json: String) async throws -> [String] {
        var request = HTTPClientRequest(url: setup.server.baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await setup.client.execute(request, timeout: .seconds(30))
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        return Self.events(String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    @Test func searchStreamsProgressThenTheAnswerThenUsage() async throws {
        try await withServer { setup in
            let extra = #","seed":5,"stream":true,"stream_options":{"include_usage":true}"#
            let events = try await stream(setup, chat(model: "beam-prm/sim-reasoner", extra: extra))
            #expect(events.last == "[DONE]")
            let objects = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == events.count - 1, "every event is JSON")
            let progress = objects.filter { ($0["ponder"] as? [String: Any]) != nil }
            #expect(progress.count >= 3, "progress while the search runs")
            let lastProgress = progress.dropLast().last?["ponder"] as? [String: Any] ?? [:]
            #expect((lastProgress["nodes_expanded"] as? Int ?? 0) > 4, "nodes expanded so far: \(lastProgress)")
            #expect((lastProgress["step"] as? Int ?? 0) >= 2, "the beam's depth so far")
            #expect(lastProgress["best_score"] as? Double != nil, "the best PRM score so far")
            let content = objects.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }.joined()
            let (_, whole) = try await setup.post(chat(model: "beam-prm/sim-reasoner", extra: #","seed":5"#))
            let expected = ((whole["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
            #expect(content == expected, "the streamed answer is the same search's answer")
            let usage = objects.last?["usage"] as? [String: Any]
            #expect((usage?["completion_tokens"] as? Int ?? 0) > 0)
            #expect((objects.last?["choices"] as? [Any])?.isEmpty == true, "the usage chunk has no choices")
        }
    }

    @Test func singlePassesTokensThroughAsTheyArrive() async throws {
        try await withServer { setup in
            let events = try await stream(setup, chat(model: "single/sim-reasoner", extra: #","stream":true"#))
            #expect(events.last == "[DONE]")
            let pieces = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }
                .filter { !$0.isEmpty }
            #expect(pieces.count > 10, "token by token, not one block")
            #expect(pieces.joined().contains("\\boxed{"))
        }
    }

    @Test func aStreamedSingleMakesTheCallAnUnstreamedOneMakes() async throws {
        try await withServer { setup in
            func content(_ events: [String]) -> String {
                events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }
                    .joined()
            }
            for seed in 1...4 {
                let extra = #","seed":\#(seed),"max_tokens":40"#
                let streamed = content(try await stream(setup, chat(model: "sim-reasoner", extra: extra + #","stream":true"#)))
                let (_, whole) = try await setup.post(chat(model: "sim-reasoner", extra: extra))
                let expected = ((whole["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
                #expect(streamed == expected, "seed \(seed): same sampling streamed or not")
            }
            // The client's temperature and stops are the call's own, streamed or not.
            var answers = Set<String>()
            for seed in 1...6 {
                for stop in ["", #","stop":["Step 3"]"#] {
                    let extra = #","seed":\#(seed),"temperature":1.5"# + stop
                    let streamed = content(try await stream(setup, chat(model: "sim-reasoner", extra: extra + #","stream":true"#)))
                    let (_, whole) = try await setup.post(chat(model: "sim-reasoner", extra: extra))
                    let expected = ((whole["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String ?? ""
                    #expect(streamed == expected, "seed \(seed) \(stop)")
                    if stop.isEmpty { answers.insert(expected) } else { #expect(!expected.contains("Step 3"), "cut at the client's stop: \(expected)") }
                }
            }
            #expect(answers.count > 1, "sampled at the client's temperature, not greedily: \(answers)")
            let requestsBefore = setup.sim.stats().requests["/v1/chat/completions", default: 0]
            // The stream's head waits for its first event: a call the budget refuses is a plain 400.
            let (status, refused) = try await setup.post(chat(model: "sim-reasoner", extra: #","stream":true,"ponder":{"budget":{"max_tokens_total":1}}"#))
            #expect(status == 400)
            #expect((refused["error"] as? [String: Any])?["param"] as? String == "ponder.budget", "\(refused)")
            #expect(setup.sim.stats().requests["/v1/chat/completions", default: 0] == requestsBefore, "a budget that allows no call makes none")
        }
    }

    @Test func aStreamThatFailsBeforeItsFirstEventGetsTheErrorsStatus() async throws {
        try await withServer(sim: SimConfiguration(faultRate: 1, faults: [.serverError])) { setup in
            for model in ["sim-reasoner", "best-of-4/sim-reasoner"] {
                let (status, body) = try await setup.post(chat(model: model, extra: #","stream":true"#))
                #expect(status == 502, "\(model)")
                let message = (body["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains("'default'"), "the endpoint is named: \(message)")
                #expect(!message.contains("127.0.0.1"), "the replica's address is the operator's: \(message)")
                #expect(message.contains("gave up after"), "\(message)")
            }
        }
    }

    @Test func aTimeoutIsA504AlsoWhenRetriesRanOut() async throws {
        let sim = SimConfiguration(faultRate: 1, faults: [.stall], stallSeconds: 30)
        try await withServer(sim: sim, endpoints: {
            $0.endpoints[0].model = "sim-reasoner"  // given, so starting calls no stalling upstream
            $0.endpoints[0].timeouts.total = 0.5
            $0.endpoints[0].retry.maxAttempts = 2
        }) { setup in
            for extra in ["", #","stream":true"#] {
                let (status, body) = try await setup.post(chat(model: "sim-reasoner", extra: extra))
                #expect(status == 504, "\(extra): \(body)")
                let error = body["error"] as? [String: Any] ?? [:]
                #expect(error["code"] as? String == "upstream_timeout")
                #expect((error["message"] as? String ?? "").contains("gave up after 2 attempts"), "\(error)")
            }
        }
    }

    @Test func aStreamsIdleLimitStartsAtItsHead() async throws {
        // A slow prefill: the head comes after 2-3 s, longer than the idle limit, within the first-byte one.
        try await withServer(sim: SimConfiguration(promptTokensPerSecond: 15), endpoints: {
            $0.endpoints[0].timeouts.firstByte = 20
            $0.endpoints[0].timeouts.idle = 1
            $0.endpoints[0].retry.maxAttempts = 1
        }) { setup in
            let events = try await stream(setup, chat(model: "sim-reasoner", extra: #","stream":true"#))
            #expect(events.last == "[DONE]")
            #expect(!events.contains { $0.contains(#""error""#) }, "\(events.suffix(3))")
        }
    }

    @Test func aServerThatAsksForALongPauseIsNotAskedAgainAtOnce() async throws {
        let sim = SimConfiguration(faultRate: 1, faults: [.rateLimitedRetryAfter], retryAfterSeconds: 3600)
        try await withServer(sim: sim) { setup in
            var request = HTTPClientRequest(url: setup.server.baseURL + "/chat/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: chat(model: "sim-reasoner")))
            let response = try await setup.client.execute(request, timeout: .seconds(30))
            #expect(response.status.code == 503)
            #expect(response.headers.first(name: "retry-after") == "3600", "its pause is passed on")
            #expect(setup.sim.stats().requests["/v1/chat/completions", default: 0] == 1, "one call, no retries")
        }
    }

    @Test func aSearchGetsNoMoreTokensThanItsKeyHasLeftToday() async throws {
        try await withServer(configure: {
            $0.clientKeys = [ServerSection.ClientKey(name: "capped", key: "sk-capped-123", tokensPerDay: 400)]
        }) { setup in
            // best-of-16 spends well over 400 tokens unbounded; eight at once may not all take the whole allowance.
            let replies = try await withThrowingTaskGroup(of: (status: Int, tokens: Int, cutShort: String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let (status, body) = try await setup.post(chat(model: "best-of-16/sim-reasoner"), key: "sk-capped-123")
                        let usage = body["usage"] as? [String: Any] ?? [:]
                        let tokens = (usage["prompt_tokens"] as? Int ?? 0) + (usage["completion_tokens"] as? Int ?? 0)
                        return (status, tokens, (body["ponder"] as? [String: Any])?["cut_short"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let answered = replies.filter { $0.status == 200 }
            #expect(!answered.isEmpty)
            for reply in answered {
                // The budget is soft by one call: the call that crosses it may finish.
                #expect(reply.tokens < 400 + 2048, "\(reply.tokens)")
                #expect(reply.cutShort == "tokens", "\(reply)")
            }
            let stats = setup.sim.stats()
            #expect(stats.promptTokens + stats.completionTokens < 8 * 400 + 8 * 2048)
        }
    }

    @Test func aBudgetThatAllowsNoCallIsTheClientsError() async throws {
        try await withServer { setup in
            let (status, body) = try await setup.post(
                chat(model: "best-of-16/sim-reasoner", extra: #","ponder":{"budget":{"max_tokens_total":1}}"#))
            #expect(status == 400)
            let error = body["error"] as? [String: Any] ?? [:]
            #expect(error["param"] as? String == "ponder.budget")
            #expect((error["message"] as? String ?? "").contains("max_tokens_total"), "\(error)")
            #expect(setup.sim.stats().requests["/v1/chat/completions", default: 0] == 0)
        }
    }

    @Test func aClientThatLeavesCancelsItsSearch() async throws {
        // 300 tokens/s: an MCTS search takes many seconds; the client reads one progress event and leaves.
        try await withServer(sim: SimConfiguration(tokensPerSecond: 300)) { setup in
            let question = SimProblemGenerator.generate(count: 1, seed: 9, difficulty: .level(5))[0].question
            let body = #"{"model":"mcts-q/sim-reasoner","stream":true,"messages":[{"role":"user","content":"\#(question)"}]}"#
            let reader = Task {
                var request = HTTPClientRequest(url: setup.server.baseURL + "/chat/completions")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await setup.client.execute(request, timeout: .seconds(60))
                var seen = 0
                for try await chunk in response.body {
                    seen += String(buffer: chunk).components(separatedBy: "\"ponder\"").count - 1
                    if seen >= 2 { return }  // leave mid-search: the connection is dropped
                }
            }
            try await reader.value
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let settled = setup.sim.stats().requests["/v1/chat/completions", default: 0]
            try await Task.sleep(nanoseconds: 2_000_000_000)
            let later = setup.sim.stats().requests["/v1/chat/completions", default: 0]
            #expect(later == settled, "no further backend calls after the client left (\(settled) → \(later))")
            #expect(settled < 40, "the search stopped early: \(settled) calls")
        }
    }

    @Test func tracesOfRecentRequestsAndReadiness() async throws {
        try await withServer { setup in
            let (_, body) = try await setup.post(chat(model: "dvts/sim-reasoner"))
            let id = try #require((body["ponder"] as? [String: Any])?["trace_id"] as? String)
            #expect(body["id"] as? String == "chatcmpl-\(id)")
            let (status, trace) = try await setup.get("/ponder/traces/\(id)")
            #expect(status == 200)
            let nodes = trace["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.count > 4, "the search tree, root included")
            #expect(trace["chosen"] as? Int != nil)
            let (missing, _) = try await setup.get("/ponder/traces/ponder-0")
            #expect(missing == 404)
            let ready = try await setup.client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)/readyz"), timeout: .seconds(5))
            #expect(ready.status.code == 200)
            await setup.sim.stop()
            let notReady = try await setup.client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)/readyz"), timeout: .seconds(30))
            #expect(notReady.status.code == 503, "no policy endpoint reachable")
        }
    }
}
