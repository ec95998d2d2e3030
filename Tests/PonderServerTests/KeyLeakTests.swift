import Synchronization
import Testing

@testable import PonderServer

/// API keys never appear in what the daemon writes (its log at trace level, every response's status
/// line, headers and body, `/metrics`, traces), whether clients put keys in odd places (the query
/// string, body fields, the model id, the strategy, a request id, a path) or an upstream quotes its key
/// back in an error. Requests without a valid key get 401 in OpenAI's error shape.
@Suite struct KeyLeakTests {
    static let alice = "sk-leak-alice-1111"
    static let bob = "sk-leak-bob-2222"
    static let upstreamKey = "up-leak-secret-3333"
    static let secrets = [alice, bob, upstreamKey]
    static let chatPath = "/v1/chat/completions"

    static func configure(_ log: CapturedLog) -> (inout ServerConfiguration) -> Void {
        { configuration in
            configuration.clientKeys = [.init(name: "alice", key: alice), .init(name: "bob", key: bob)]
            configuration.logLevel = .trace
            configuration.logger = log.logger()
        }
    }

    static func chat(model: String = "sim-reasoner", _ extra: String = "") -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":"Start with 2. Add 3. What is the result?"}]\#(extra)}"#
    }

    /// Every reply, kept to be searched at the end.
    final class Replies: Sendable {
        private let all = Mutex<[DaemonHarness.Reply]>([])
        @discardableResult func keep(_ reply: DaemonHarness.Reply) -> DaemonHarness.Reply {
            all.withLock { $0.append(reply) }
            return reply
        }
        var text: String { all.withLock { $0.map(\.everything).joined(separator: "\n----\n") } }
        var count: Int { all.withLock { $0.count } }
    }

    @Test func keysAppearNowhereTheDaemonWrites() async throws {
        let log = CapturedLog()
        let replies = Replies()
        try await DaemonHarness.withSim(upstreamKey: Self.upstreamKey, configure: Self.configure(log)) { daemon, sim in
            // With valid keys: a search, a streamed search, a streamed text completion, the models.
            let search = replies.keep(try await daemon.post(Self.chatPath, Self.chat(model: "best-of-4/sim-reasoner"), key: Self.alice))
            #expect(search.status == 200)
            let streamedSearch = Self.chat(model: "beam-prm/sim-reasoner", #","stream":true"#)
            let streamed = replies.keep(try await daemon.post(Self.chatPath, streamedSearch, key: Self.bob))
            #expect(streamed.status == 200 && streamed.text.hasSuffix("data: [DONE]\n\n"))
            let text = #"{"model":"sim-reasoner","prompt":"Start with 4. Add 1. What is the result?","stream":true}"#
            #expect(replies.keep(try await daemon.post("/v1/completions", text, key: Self.alice)).status == 200)
            #expect(replies.keep(try await daemon.send("/v1/models", headers: [("Authorization", "Bearer \(Self.bob)")])).status == 200)
            let lowercaseScheme = try await daemon.send("/v1/models", headers: [("Authorization", "bearer \(Self.bob)")])
            #expect(replies.keep(lowercaseScheme).status == 200, "the scheme's name is read in any case")

            // Without a valid key, wherever else a key is put: 401 in OpenAI's error shape.
            let unauthorized: [[(String, String)]] = [
                [], [("Authorization", "Bearer sk-leak-alice-1112")], [("Authorization", "bearer sk-leak-alice-1112")],
                [("Authorization", Self.alice)], [("Authorization", "Basic \(Self.alice)")], [("X-Api-Key", Self.alice)],
                [("Api-Key", Self.bob)], [("Authorization", "Bearer \(Self.alice)"), ("Authorization", "Bearer \(Self.bob)")],
            ]
            for headers in unauthorized {
                let reply = replies.keep(try await daemon.send(Self.chatPath, body: Array(Self.chat().utf8), headers: headers))
                #expect(reply.status == 401, "\(headers.map(\.0))")
                #expect(reply.error["type"] as? String == "invalid_request_error" && reply.error["code"] as? String == "invalid_api_key")
                #expect(!(reply.error["message"] as? String ?? "").isEmpty)
            }
            let byQuery = replies.keep(try await daemon.send(Self.chatPath + "?api_key=\(Self.alice)&key=\(Self.bob)", body: Array(Self.chat().utf8)))
            #expect(byQuery.status == 401, "a key in the query string never authenticates")
            let queryAndHeader = replies.keep(try await daemon.post(Self.chatPath + "?api_key=\(Self.bob)", Self.chat(), key: Self.alice))
            #expect(queryAndHeader.status == 200)

            // Keys in body fields the API does not read: ignored at the top level, refused (not quoted) in Ponder's object.
            let fields = #","api_key":"\#(Self.bob)","user":"\#(Self.bob)","ponder":{"budget":{"max_calls":2}}"#
            #expect(replies.keep(try await daemon.post(Self.chatPath, Self.chat(fields), key: Self.alice)).status == 200)
            let inPonder = #","ponder":{"api_key":"\#(Self.bob)","budget":{"max_calls":2}}"#
            #expect(replies.keep(try await daemon.post(Self.chatPath, Self.chat(inPonder), key: Self.alice)).status == 400)
            // Keys where a field is echoed in the error: redacted.
            for body in [
                Self.chat(model: Self.bob), Self.chat(model: "best-of-4/\(Self.bob)"), Self.chat(#","ponder":{"strategy":"\#(Self.bob)"}"#),
                Self.chat(#","optillm_approach":"\#(Self.upstreamKey)""#),
            ] {
                let reply = replies.keep(try await daemon.post(Self.chatPath, body, key: Self.alice))
                #expect(reply.status == 404)
                #expect((reply.error["message"] as? String ?? "").contains(SecretRedactor.marker), "\(reply.text)")
            }
            // Keys where the decoder describes the value: never quoted.
            for body in [Self.chat(#","n":"\#(Self.bob)""#), #"{"model":"sim-reasoner","messages":"\#(Self.bob)"}"#, "{\"\(Self.bob)\":"] {
                #expect(replies.keep(try await daemon.post(Self.chatPath, body, key: Self.alice)).status == 400)
            }
            // A key as the request id is replaced; a key in a path is not logged.
            let asID = replies.keep(try await daemon.post(Self.chatPath, Self.chat(), key: Self.alice, headers: [("X-Request-Id", Self.bob)]))
            #expect(asID.status == 200 && asID.headers.contains { $0.0.lowercased() == "x-request-id" && $0.1.hasPrefix("req-") })
            let auth = [("Authorization", "Bearer \(Self.alice)")]
            #expect(replies.keep(try await daemon.send("/v1/ponder/traces/\(Self.bob)", headers: auth)).status == 404)
            #expect(replies.keep(try await daemon.send("/v1/\(Self.bob)", headers: auth)).status == 404)

            // What an operator reads: the trace of the search, the metrics.
            let traceID = try #require((search.json["ponder"] as? [String: Any])?["trace_id"] as? String)
            let trace = replies.keep(try await daemon.send("/v1/ponder/traces/\(traceID)", headers: auth))
            #expect(trace.status == 200 && trace.text.contains("\"nodes\""))
            let metrics = replies.keep(try await daemon.send("/metrics"))
            #expect(metrics.text.contains(#"ponder_requests_total{route="/v1/chat/completions",status="401""#))

            let logged = log.all
            #expect(logged.count >= replies.count, "a line per request at least: \(logged.count) for \(replies.count)")
            #expect(logged.contains { $0.contains("client=alice") } && logged.contains { $0.contains("client=bob") }, "names stand for keys")
            #expect(sim.stats().requests["/v1/chat/completions", default: 0] > 0)
            for secret in Self.secrets {
                #expect(!logged.joined(separator: "\n").contains(secret), "\(secret) in the log")
                #expect(!replies.text.contains(secret), "\(secret) in a response")
            }
        }
    }

    @Test func anUpstreamThatQuotesItsKeyIsRedacted() async throws {
        // A gateway that refuses every call and quotes the Authorization header it was sent.
        let seen = Mutex<[String]>([])
        let upstream = try await TestListener.start { head in
            seen.withLock { $0.append(head) }
            let authorization = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("authorization:") } ?? ""
            let body = #"{"error":{"message":"Incorrect API key provided: \#(authorization)"}}"#
            return "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body
        }
        let log = CapturedLog()
        let replies = Replies()
        try await DaemonHarness.with(upstream: "http://127.0.0.1:\(upstream.port)", upstreamKey: Self.upstreamKey, configure: Self.configure(log)) {
            daemon in
            let failed = replies.keep(try await daemon.post(Self.chatPath, Self.chat(), key: Self.alice))
            #expect(failed.status == 502)
            let message = failed.error["message"] as? String ?? ""
            #expect(message.contains("Incorrect API key provided") && message.contains(SecretRedactor.marker), "\(message)")
            let streamed = replies.keep(try await daemon.post(Self.chatPath, Self.chat(#","stream":true"#), key: Self.bob))
            #expect(streamed.status == 502 && streamed.text.contains("\"error\""), "a stream that fails before its first event is a 502")
            let streamedMessage = streamed.error["message"] as? String ?? ""
            #expect(streamedMessage.contains(SecretRedactor.marker), "\(streamedMessage)")
            #expect(replies.keep(try await daemon.post(Self.chatPath, Self.chat(model: "best-of-4/sim-reasoner"), key: Self.alice)).status == 502)
            replies.keep(try await daemon.send("/metrics"))
        }
        await upstream.stop()
        #expect(seen.withLock { $0.contains { $0.contains(Self.upstreamKey) } }, "the upstream was sent its key, and quoted it")
        for secret in Self.secrets {
            #expect(!log.all.joined(separator: "\n").contains(secret), "\(secret) in the log")
            #expect(!replies.text.contains(secret), "\(secret) in a response")
        }
    }

    @Test func aModelThatRepeatsAKeyIsRedactedInTheAnswer() async throws {
        // A model server that answers every call with the keys in its text (a prompt had shown them to it).
        let said = "The keys are \(Self.alice) and \(Self.upstreamKey). The answer is \\boxed{5}."
        let whole = #"{"id":"c","object":"chat.completion","created":1,"model":"sim-reasoner","choices":[{"index":0,"message":{"role":"assistant","content":"\#(said)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}"#
        let chunk = #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"sim-reasoner","choices":[{"index":0,"delta":{"content":"\#(said)"},"finish_reason":"stop"}]}"#
        let upstream = try await TestListener.start { head in
            let (type, body) = head.contains("\"stream\":true") || head.lowercased().contains("accept: text/event-stream")
                ? ("text/event-stream", "data: \(chunk)\n\ndata: [DONE]\n\n") : ("application/json", whole)
            return "HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        }
        let log = CapturedLog()
        let replies = Replies()
        try await DaemonHarness.with(upstream: "http://127.0.0.1:\(upstream.port)", upstreamKey: Self.upstreamKey, configure: Self.configure(log)) {
            daemon in
            let answer = replies.keep(try await daemon.post(Self.chatPath, Self.chat(), key: Self.alice))
            #expect(answer.status == 200)
            #expect(answer.text.contains("The keys are \(SecretRedactor.marker) and \(SecretRedactor.marker)"), "\(answer.text)")
            let streamed = replies.keep(try await daemon.post(Self.chatPath, Self.chat(#","stream":true"#), key: Self.bob))
            #expect(streamed.status == 200 && streamed.text.contains(SecretRedactor.marker), "\(streamed.text)")
        }
        await upstream.stop()
        for secret in Self.secrets { #expect(!replies.text.contains(secret), "\(secret) in a response") }
    }
}
