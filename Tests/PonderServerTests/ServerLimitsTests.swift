import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
import PonderEngine
import PonderSim
import Testing

@testable import PonderServer

/// Text completions, request ids, metrics, admission control and per-key limits, against a live sim.
@Suite struct ServerLimitsTests {
    let base = ServerTests()

    struct Reply {
        var status: Int
        var headers: [String: String]
        var json: [String: Any]
        var text: String
    }

    func send(_ setup: ServerTests.Setup, _ path: String, _ json: String? = nil, key: String? = nil, requestID: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(setup.server.port)" + path)
        if let json {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let requestID { request.headers.add(name: "X-Request-Id", value: requestID) }
        let response = try await setup.client.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let json = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        return Reply(status: Int(response.status.code), headers: headers, json: json, text: body)
    }

    var question: String { base.question }

    @Test func textCompletionsContinueTheRawPromptUnderASearch() async throws {
        try await base.withServer { setup in
            let prompt = "Question: \(question)\nAnswer step by step.\n"
            let body = #"{"model":"best-of-4/sim-reasoner","prompt":\#(String(reflecting: prompt)),"n":2}"#
            let reply = try await send(setup, "/v1/completions", body)
            #expect(reply.status == 200)
            #expect(reply.json["object"] as? String == "text_completion")
            let choices = reply.json["choices"] as? [[String: Any]] ?? []
            #expect(choices.count == 2)
            let text = choices.first?["text"] as? String ?? ""
            #expect(text.contains("\\boxed{"))
            let stats = setup.sim.stats()
            #expect(stats.requests["/v1/completions", default: 0] >= 1, "the policy was asked through /v1/completions")
            #expect(stats.requests["/v1/chat/completions", default: 0] == 0, "never through the chat template")
            #expect((reply.json["usage"] as? [String: Any])?["completion_tokens"] as? Int == stats.completionTokens)
            let bad = try await send(setup, "/v1/completions", #"{"model":"sim-reasoner","prompt":""}"#)
            #expect(bad.status == 400)
            #expect((bad.json["error"] as? [String: Any])?["param"] as? String == "prompt")
        }
    }

    @Test func textCompletionsStream() async throws {
        try await base.withServer { setup in
            let body = #"{"model":"single/sim-reasoner","prompt":\#(String(reflecting: question)),"stream":true,"stream_options":{"include_usage":true}}"#
            let reply = try await send(setup, "/v1/completions", body)
            let events = ServerTests.events(reply.text)
            #expect(events.last == "[DONE]")
            let objects = events.dropLast().compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            let text = objects.compactMap { ($0["choices"] as? [[String: Any]])?.first?["text"] as? String }.joined()
            #expect(text.contains("\\boxed{"))
            #expect(objects.allSatisfy { $0["object"] as? String == "text_completion" })
            #expect(((objects.last?["usage"] as? [String: Any])?["completion_tokens"] as? Int ?? 0) > 0)
        }
    }

    @Test func requestIDIsEchoedAndNamesTheTrace() async throws {
        try await base.withServer { setup in
            let reply = try await send(setup, "/v1/chat/completions", base.chat(model: "beam-prm/sim-reasoner"), requestID: "client-req-42")
            #expect(reply.status == 200)
            #expect(reply.headers["x-request-id"] == "client-req-42")
            #expect((reply.json["ponder"] as? [String: Any])?["trace_id"] as? String == "client-req-42")
            let trace = try await send(setup, "/v1/ponder/traces/client-req-42")
            #expect(trace.status == 200)
            let hostile = try await send(setup, "/healthz", requestID: nil)
            #expect((hostile.headers["x-request-id"] ?? "").hasPrefix("req-"), "a fresh id when the client sends none")
            #expect(RequestLog.acceptable("bad id\r\nx: y") == nil, "ids that could inject into logs are replaced")
        }
    }

    /// A trace holds the prompt and the answers: with keys configured, only the client whose request
    /// made it may read it, even under an id another client also sent.
    @Test func aTraceIsServedOnlyToTheClientThatMadeIt() async throws {
        let (alice, bob) = ("sk-trace-alice-111", "sk-trace-bob-222")
        try await base.withServer(keys: [alice, bob]) { setup in
            let made = try await send(setup, "/v1/chat/completions", base.chat(model: "single/sim-reasoner"), key: alice, requestID: "shared-7")
            #expect(made.status == 200)
            #expect(try await send(setup, "/v1/ponder/traces/shared-7", key: alice).status == 200)
            #expect(try await send(setup, "/v1/ponder/traces/shared-7", key: bob).status == 404)
            #expect(try await send(setup, "/v1/ponder/traces/shared-7").status == 401)
            // Bob's own request under the same id: each reads their own.
            _ = try await send(setup, "/v1/chat/completions", base.chat(model: "beam-prm/sim-reasoner"), key: bob, requestID: "shared-7")
            let bobs = try await send(setup, "/v1/ponder/traces/shared-7", key: bob)
            let alices = try await send(setup, "/v1/ponder/traces/shared-7", key: alice)
            #expect(bobs.status == 200 && alices.status == 200)
            #expect(bobs.text != alices.text, "beam-prm's tree is not single's")
        }
    }

    @Test func metricsCountRequestsTokensAndBackendCalls() async throws {
        try await base.withServer { setup in
            _ = try await send(setup, "/v1/chat/completions", base.chat(model: "best-of-4/sim-reasoner"))
            _ = try await send(setup, "/v1/chat/completions", base.chat(model: "gpt-9"))
            let metrics = try await send(setup, "/metrics")
            #expect(metrics.status == 200)
            let text = metrics.text
            #expect(text.contains(#"ponder_requests_total{route="/v1/chat/completions",status="200",strategy="best-of-4"} 1"#))
            #expect(text.contains(#"status="404""#))
            let completion = setup.sim.stats().completionTokens
            #expect(text.contains(#"ponder_tokens_total{model="sim-reasoner",kind="completion"} \#(completion)"#))
            // One model list (recognising the server), one call for the 4 samples, 4 PRM calls.
            #expect(text.contains(#"ponder_backend_calls_total{endpoint="default",replica="\#(setup.sim.baseURL)",outcome="success"} 6"#))
            #expect(text.contains("ponder_backend_call_duration_seconds_count"))
            #expect(text.contains("ponder_searches_in_flight 0"))
            #expect(text.contains("ponder_request_duration_seconds_bucket"))
        }
    }

    @Test func admissionControlRefusesWith429WhenTheQueueIsFull() async throws {
        // Slow enough that all four arrive while the first search runs, on a machine busy with the rest of the suite.
        var slow = SimConfiguration()
        slow.tokensPerSecond = 100
        try await base.withServer(sim: slow, configure: { $0.maxConcurrentSearches = 1; $0.queueDepth = 1; $0.queueTimeout = 30 }) { setup in
            let body = base.chat(model: "best-of-4/sim-reasoner")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await send(setup, "/v1/chat/completions", body).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 2, "one running and one queued are served: \(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == 2, "the rest are refused at once: \(statuses)")
            let refused = try await send(setup, "/metrics")
            #expect(refused.text.contains("ponder_admission_rejections_total 2"))
        }
    }

    @Test func queuedRequestsTimeOutWith429() async throws {
        var slow = SimConfiguration()
        slow.tokensPerSecond = 300
        try await base.withServer(sim: slow, configure: { $0.maxConcurrentSearches = 1; $0.queueDepth = 4; $0.queueTimeout = 0.05 }) { setup in
            let body = base.chat(model: "best-of-4/sim-reasoner")
            async let first = send(setup, "/v1/chat/completions", body)
            // Wait until the first search holds the only slot.
            var polls = 0
            while !(try await send(setup, "/metrics").text.contains("ponder_searches_in_flight 1")), polls < 500 {
                try await Task.sleep(for: .milliseconds(10))
                polls += 1
            }
            let second = try await send(setup, "/v1/chat/completions", body)
            #expect(second.status == 429)
            #expect(second.headers["retry-after"] != nil)
            #expect(try await first.status == 200)
        }
    }

    @Test func perKeyRequestsPerMinuteAndTokensPerDay() async throws {
        try await base.withServer(configure: {
            $0.clientKeys = [
                .init(name: "burst", key: "sk-burst-aaaa", requestsPerMinute: 2),
                .init(name: "thrifty", key: "sk-thrifty-bbbb", tokensPerDay: 60),
            ]
        }) { setup in
            let body = base.chat(model: "sim-reasoner")
            #expect(try await send(setup, "/v1/chat/completions", body, key: "sk-burst-aaaa").status == 200)
            #expect(try await send(setup, "/v1/chat/completions", body, key: "sk-burst-aaaa").status == 200)
            let third = try await send(setup, "/v1/chat/completions", body, key: "sk-burst-aaaa")
            #expect(third.status == 429)
            #expect((third.json["error"] as? [String: Any])?["code"] as? String == "rate_limit_exceeded")
            #expect(Int(third.headers["retry-after"] ?? "") ?? 0 >= 1)
            // The first request's prompt fits in 60 tokens and its answer takes it past them; the next one is refused for the day.
            #expect(try await send(setup, "/v1/chat/completions", body, key: "sk-thrifty-bbbb").status == 200)
            let spent = try await send(setup, "/v1/chat/completions", body, key: "sk-thrifty-bbbb")
            #expect(spent.status == 429)
            #expect(!spent.text.contains("sk-thrifty"), "the key never appears in a response")
            let metrics = try await send(setup, "/metrics")
            #expect(metrics.text.contains(#"ponder_rate_limited_total{client="burst"} 1"#))
            #expect(!metrics.text.contains("sk-burst"), "keys never appear in metrics")
        }
    }

    @Test func routeAliasesSelectTheirPreset() async throws {
        try await base.withServer(configure: { $0.routes = ["careful": "best-of-4"] }) { setup in
            let reply = try await send(setup, "/v1/chat/completions", base.chat(model: "careful"))
            #expect((reply.json["ponder"] as? [String: Any])?["strategy"] as? String == "best-of-4")
            let models = try await send(setup, "/v1/models")
            #expect((models.json["data"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "careful" })
        }
    }
}
