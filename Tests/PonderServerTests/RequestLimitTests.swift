import Foundation
import PonderCore
import Testing

@testable import PonderEngine
@testable import PonderServer

/// Each request limit, through the daemon's own decoding and validation (`RequestScreen`): the largest
/// allowed value passes, one past it is refused with a 400 (413 for the body) whose message names the
/// field and the limit and whose `param` is the field.
@Suite struct RequestLimitTests {
    static let question = #"[{"role":"user","content":"Start with 2. Add 3. What is the result?"}]"#

    func screen(_ configure: (inout ServerConfiguration) -> Void = { _ in }) -> RequestScreen {
        var configuration = ServerConfiguration()
        configure(&configuration)
        return RequestScreen(model: "sim-reasoner", presets: ["single", "best-of-4"], configuration: configuration)
    }

    func chat(_ extra: String = "", messages: String = question, model: String = "sim-reasoner") -> String {
        #"{"model":"\#(model)","messages":\#(messages)\#(extra)}"#
    }

    func verdict(_ body: String, path: String = "/v1/chat/completions", on screen: RequestScreen? = nil) -> RequestScreen.Verdict {
        (screen ?? self.screen()).screen(path: path, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// A refusal with `status`, `param` equal to `field`, and a message naming the field and the limit.
    func expectRefused(
        _ verdict: RequestScreen.Verdict, status: Int = 400, field: String?, limit: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard case .rejected(let got, let message, let param) = verdict else {
            Issue.record("accepted; expected \(status) for \(field ?? "the body")", sourceLocation: sourceLocation)
            return
        }
        #expect(got == status, "\(message)", sourceLocation: sourceLocation)
        #expect(param == field, "\(message)", sourceLocation: sourceLocation)
        if let field { #expect(message.contains("'\(field)'"), "names the field: \(message)", sourceLocation: sourceLocation) }
        #expect(message.contains(limit), "names the limit \(limit): \(message)", sourceLocation: sourceLocation)
    }

    func expectAccepted(_ verdict: RequestScreen.Verdict, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(verdict == .accepted(preset: "single"), sourceLocation: sourceLocation)
    }

    @Test func bodySize() {
        let limited = screen { $0.maxBodyBytes = 1000 }
        let base = chat(#","user":"""#)
        func padded(to size: Int) -> String { chat(#","user":"\#(String(repeating: "u", count: size - base.utf8.count))""#) }
        #expect(padded(to: 1000).utf8.count == 1000)
        expectAccepted(verdict(padded(to: 1000), on: limited))
        expectRefused(verdict(padded(to: 1001), on: limited), status: 413, field: nil, limit: "1000 bytes")
    }

    @Test func messageCount() {
        func messages(_ count: Int) -> String {
            "[" + Array(repeating: #"{"role":"user","content":"1"}"#, count: count).joined(separator: ",") + "]"
        }
        expectAccepted(verdict(chat(messages: messages(1024))))
        expectRefused(verdict(chat(messages: messages(1025))), field: "messages", limit: "at most 1024")
        expectRefused(verdict(chat(messages: messages(4)), on: screen { $0.limits.maxMessages = 3 }), field: "messages", limit: "at most 3")
        expectRefused(verdict(chat(messages: "[]")), field: "messages", limit: "must not be empty")
    }

    @Test func n() {
        expectAccepted(verdict(chat(#","n":16"#)))
        expectRefused(verdict(chat(#","n":17"#)), field: "n", limit: "from 1 to 16")
        expectRefused(verdict(chat(#","n":0"#)), field: "n", limit: "from 1 to 16")
        let wide = screen { $0.limits.maxN = 128 }
        expectAccepted(verdict(chat(#","n":128"#), on: wide))
        expectRefused(verdict(chat(#","n":129"#), on: wide), field: "n", limit: "from 1 to 128")
    }

    @Test func maxTokens() {
        expectAccepted(verdict(chat(#","max_tokens":131072"#)))
        expectRefused(verdict(chat(#","max_tokens":131073"#)), field: "max_tokens", limit: "from 1 to 131072")
        expectRefused(verdict(chat(#","max_tokens":-1"#)), field: "max_tokens", limit: "from 1 to 131072")
        expectRefused(verdict(chat(#","max_tokens":9223372036854775808"#)), field: "max_tokens", limit: "fits in 64 bits")
    }

    @Test func temperature() {
        expectAccepted(verdict(chat(#","temperature":2"#)))
        expectRefused(verdict(chat(#","temperature":2.01"#)), field: "temperature", limit: "from 0 to 2")
        expectRefused(verdict(chat(#","temperature":1e400"#)), field: "temperature", limit: "a finite number")
    }

    @Test(arguments: [
        ("max_tokens_total", "1000000000"), ("max_completion_tokens", "1000000000"), ("max_calls", "100000"),
        ("deadline_ms", "86400000"),
    ])
    func budgetValues(field: String, largest: String) {
        let param = "ponder.budget.\(field)"
        func budget(_ value: String) -> String { chat(#","ponder":{"budget":{"\#(field)":\#(value)}}"#) }
        expectAccepted(verdict(budget(largest)))
        expectAccepted(verdict(budget("1")))
        expectRefused(verdict(budget(largest + "0")), field: param, limit: "from 1 to \(largest)")
        expectRefused(verdict(budget("0")), field: param, limit: "from 1 to \(largest)")
        expectRefused(verdict(budget("-5")), field: param, limit: "from 1 to \(largest)")
        expectRefused(verdict(budget("1.5")), field: param, limit: "a whole number")
    }

    @Test func budgetCost() {
        func cost(_ value: String) -> String { chat(#","ponder":{"budget":{"max_cost":\#(value)}}"#) }
        expectAccepted(verdict(cost("0.01")))
        expectAccepted(verdict(cost("1e9")))
        for value in ["0", "-1", "1.1e9", "1e308"] {
            expectRefused(verdict(cost(value)), field: "ponder.budget.max_cost", limit: "at most 1000000000")
        }
    }

    @Test func nestingDepth() {
        // The body's object is level 1; a field adds one level per object inside it. (Objects deep
        // inside `ponder` would be refused for their keys, so the accepted depth is shown elsewhere.)
        func under(_ field: String, _ levels: Int) -> String {
            chat(#","\#(field)":"# + String(repeating: #"{"a":"#, count: levels - 1) + "{}" + String(repeating: "}", count: levels - 1))
        }
        expectAccepted(verdict(under("extra", 63)))
        expectRefused(verdict(under("ponder", 64)), field: "ponder", limit: "at most 64")
        // Under a field the API does not know, the field is not echoed: a client may have put anything there.
        let unknown = chat(#","x-secret-name":"# + String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        expectRefused(verdict(unknown), field: nil, limit: "at most 64")
        let bare = String(repeating: "[", count: 100_000)
        expectRefused(verdict(bare), field: nil, limit: "at most 64")
        let deep = screen { $0.limits.maxNestingDepth = 512 }
        let deepest = chat(#","extra":"# + String(repeating: "[", count: 511) + String(repeating: "]", count: 511))
        switch verdict(deepest, on: deep) {
        case .accepted: break
        case .rejected(let status, _, _): #expect(status == 400, "the decoder's own depth limit is a 400 too")
        }
    }

    @Test func contentLength() {
        let limit = RequestLimits().maxContentBytes
        func content(_ bytes: Int) -> String { #"[{"role":"user","content":"\#(String(repeating: "x", count: bytes))"}]"# }
        expectAccepted(verdict(chat(messages: content(limit))))
        expectRefused(verdict(chat(messages: content(limit + 1))), field: "messages[0].content", limit: "at most \(limit) bytes")
        let prompt = #"{"model":"sim-reasoner","prompt":"\#(String(repeating: "é", count: limit / 2 + 1))"}"#
        expectRefused(verdict(prompt, path: "/v1/completions"), field: "prompt", limit: "at most \(limit) bytes")
    }

    @Test func modelAndStrategyLength() {
        let id256 = String(repeating: "m", count: 256)
        guard case .rejected(404, _, "model") = verdict(chat(model: id256)) else {
            Issue.record("a 256-byte model id passes the length check and is then unknown (404)")
            return
        }
        expectRefused(verdict(chat(model: id256 + "m")), field: "model", limit: "at most 256 bytes")
        expectRefused(verdict(chat(#","ponder":{"strategy":"\#(id256)s"}"#)), field: "ponder.strategy", limit: "at most 256 bytes")
        expectRefused(verdict(chat(#","optillm_approach":"\#(id256)o""#)), field: "optillm_approach", limit: "at most 256 bytes")
    }

    @Test func stopSequences() {
        func stops(_ count: Int) -> String { "[" + Array(repeating: #""END""#, count: count).joined(separator: ",") + "]" }
        expectAccepted(verdict(chat(#","stop":\#(stops(16))"#)))
        expectRefused(verdict(chat(#","stop":\#(stops(17))"#)), field: "stop", limit: "at most 16")
        let long = String(repeating: "s", count: 257)
        expectAccepted(verdict(chat(#","stop":"\#(long.dropLast())""#)))
        expectRefused(verdict(chat(#","stop":"\#(long)""#)), field: "stop", limit: "at most 256 bytes")
        expectRefused(verdict(chat(#","stop":["END","\#(long)"]"#)), field: "stop[1]", limit: "at most 256 bytes")
    }

    @Test func roles() {
        let odd = #"[{"role":"wizard","content":"hi"}]"#
        expectRefused(verdict(chat(messages: odd)), field: "messages[0].role", limit: "system, tool, user")
        expectAccepted(verdict(chat(messages: #"[{"role":"developer","content":"be brief"},{"role":"user","content":"hi"}]"#)))
    }

    @Test func limitsComeFromTheConfigFile() throws {
        let yaml = """
            endpoints:
              - {name: a, model: m, url: 'http://h:1'}
            server:
              limits: {max_messages: 8, max_n: 4, max_tokens: 512, max_nesting_depth: 16, max_model_id_bytes: 32,
                       max_content_bytes: 100, max_stop_sequences: 2, max_stop_sequence_bytes: 8}
            """
        let section = try PonderConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:]).server
        let limits = ServerConfiguration(section: section, overrides: .init()).limits
        var expected = RequestLimits()
        (expected.maxMessages, expected.maxN, expected.maxTokens, expected.maxNestingDepth) = (8, 4, 512, 16)
        (expected.maxModelIDBytes, expected.maxContentBytes, expected.maxStopSequences, expected.maxStopSequenceBytes) = (32, 100, 2, 8)
        #expect(limits == expected)
        #expect(ServerConfiguration(section: ServerSection(), overrides: .init()).limits == RequestLimits(), "unset: the defaults")
        do {
            _ = try PonderConfiguration.parse(yaml: yaml.replacingOccurrences(of: "max_n: 4", with: "max_n: 500"), file: "f.yaml", environment: [:])
            Issue.record("max_n above 128 accepted")
        } catch let error as ConfigurationError {
            #expect(error.path == "server.limits.max_n" && error.description.contains("from 1 to 128"), "\(error)")
        }
    }

    /// The same refusals over HTTP, in OpenAI's error shape, and none of them reaches the model.
    @Test func refusalsOverHTTPNeverReachTheModel() async throws {
        let messages = "[" + Array(repeating: #"{"role":"user","content":"1"}"#, count: 1025).joined(separator: ",") + "]"
        try await DaemonHarness.withSim(configure: { $0.maxBodyBytes = 64 << 10 }) { daemon, sim in
            let cases: [(String, Int, String?)] = [
                (chat(messages: messages), 400, "messages"),
                (chat(#","user":"\#(String(repeating: "u", count: 64 << 10))""#), 413, nil),
                (chat(#","n":17"#), 400, "n"),
                (chat(#","max_tokens":131073"#), 400, "max_tokens"),
                (chat(#","ponder":{"budget":{"deadline_ms":86400001}}"#), 400, "ponder.budget.deadline_ms"),
                (chat(#","stop":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]"#), 400, "stop"),
                (chat(#","extra":"# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65)), 400, nil),
            ]
            for (body, status, param) in cases {
                let reply = try await daemon.post("/v1/chat/completions", body)
                #expect(reply.status == status, "\(reply.text)")
                #expect(reply.error["param"] as? String == param)
                #expect(!(reply.error["message"] as? String ?? "").isEmpty)
                #expect(reply.error["type"] as? String == "invalid_request_error")
            }
            #expect(sim.stats().requests["/v1/chat/completions", default: 0] == 0, "no refused request reached the model")
        }
    }
}
