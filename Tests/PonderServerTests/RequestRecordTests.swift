import Foundation
import Logging
import PonderCore
import PonderSim
import Testing

@testable import PonderEngine
@testable import PonderServer

/// `ponder serve --record PATH`: every answered completion request — chat and text, whole and
/// streamed, search and pass-through — becomes one row holding what the client was told; nothing else
/// does; keys never reach the file; a full writer queue drops rows (counted) instead of making requests
/// wait; and a restarted daemon appends to the same file.
@Suite struct RequestRecordTests {
    static let key = "sk-record-alice-4444"
    static let question = "Start with 17. Add 5. Multiply the result by 3. What is the result?"

    /// What a client saw of one answered request.
    struct Seen {
        var requestID: String
        var route: String
        var stream: Bool
        var model: String
        var strategy: String
        var prompt: AnsweredRequest.Prompt
        var answers: [(text: String, finishReason: String)]
        var promptTokens: Int
        var completionTokens: Int
        var cachedTokens: Int
        var calls: Int
        /// `GET /v1/ponder/traces/{id}`: the number of nodes and the chosen one (nil: no trace served).
        var trace: (nodes: Int, chosen: Int?)?
    }

    /// The trace the daemon serves for a request id, as (node count, chosen node).
    static func trace(_ daemon: DaemonHarness, id: String) async throws -> (nodes: Int, chosen: Int?)? {
        let reply = try await daemon.send("/v1/ponder/traces/\(id)", headers: [("Authorization", "Bearer \(key)")])
        guard reply.status == 200 else { return nil }
        return ((reply.json["nodes"] as? [Any])?.count ?? 0, reply.json["chosen"] as? Int)
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ponder-record-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Sends a whole (non-streamed) request and reads what the client got.
    static func ask(_ daemon: DaemonHarness, path: String, body: [String: Any], strategy: String, prompt: AnsweredRequest.Prompt) async throws -> Seen {
        let reply = try await daemon.post(path, json(body), key: key)
        #expect(reply.status == 200, "\(reply.text.prefix(300))")
        let json = reply.json
        let id = reply.headers.first { $0.0.lowercased() == "x-request-id" }?.1 ?? ""
        let choices = json["choices"] as? [[String: Any]] ?? []
        let usage = json["usage"] as? [String: Any] ?? [:]
        let ponder = json["ponder"] as? [String: Any] ?? [:]
        return Seen(
            requestID: id, route: path, stream: false,
            model: body["model"] as? String ?? "", strategy: strategy, prompt: prompt,
            answers: choices.map {
                let text = ($0["message"] as? [String: Any])?["content"] as? String ?? $0["text"] as? String ?? ""
                return (text, $0["finish_reason"] as? String ?? "")
            },
            promptTokens: usage["prompt_tokens"] as? Int ?? -1, completionTokens: usage["completion_tokens"] as? Int ?? -1,
            cachedTokens: (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int ?? 0,
            calls: ponder["calls"] as? Int ?? -1, trace: try await trace(daemon, id: id))
    }

    /// Sends a streamed request (`include_usage`) and assembles what the client got from its events.
    static func askStreamed(_ daemon: DaemonHarness, path: String, body: [String: Any], strategy: String, prompt: AnsweredRequest.Prompt) async throws -> Seen {
        var body = body
        body["stream"] = true
        body["stream_options"] = ["include_usage": true]
        let reply = try await daemon.post(path, json(body), key: key)
        #expect(reply.status == 200)
        #expect(reply.text.hasSuffix("data: [DONE]\n\n"), "\(reply.text.suffix(300))")
        var text = ""
        var finishReason = ""
        var usage: [String: Any] = [:]
        var calls = -1
        for line in reply.text.split(separator: "\n") where line.hasPrefix("data: {") {
            let event = (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))) as? [String: Any] ?? [:]
            #expect(event["error"] == nil, "\(line)")
            for choice in event["choices"] as? [[String: Any]] ?? [] {
                text += (choice["delta"] as? [String: Any])?["content"] as? String ?? choice["text"] as? String ?? ""
                if let reason = choice["finish_reason"] as? String { finishReason = reason }
            }
            if let ponder = event["ponder"] as? [String: Any], ponder["trace_id"] != nil { calls = ponder["calls"] as? Int ?? -1 }
            if let seen = event["usage"] as? [String: Any] { usage = seen }
        }
        let id = reply.headers.first { $0.0.lowercased() == "x-request-id" }?.1 ?? ""
        return Seen(
            requestID: id, route: path, stream: true,
            model: body["model"] as? String ?? "", strategy: strategy, prompt: prompt, answers: [(text, finishReason)],
            promptTokens: usage["prompt_tokens"] as? Int ?? -1, completionTokens: usage["completion_tokens"] as? Int ?? -1,
            cachedTokens: (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int ?? 0, calls: calls,
            trace: try await trace(daemon, id: id))
    }

    static func configure(_ path: String) -> (inout ServerConfiguration) -> Void {
        { configuration in
            configuration.recordPath = path
            configuration.clientKeys = [.init(name: "alice", key: key)]
            configuration.logger = Logger(label: "record-test")
            configuration.logLevel = .critical
        }
    }

    @Test func everyAnsweredRequestIsOneRowHoldingWhatTheClientGot() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let messages = [ChatMessage.user(Self.question)]
        let chat: [String: Any] = ["messages": [["role": "user", "content": Self.question]], "seed": 3]
        let prompt = "Start with 4. Add 1. Multiply the result by 6. What is the result?"
        let hard = SimProblemGenerator.generate(count: 1, seed: 3, difficulty: .level(5))[0].question
        var seen: [Seen] = []
        var metrics = ""
        try await DaemonHarness.withSim(configure: Self.configure(path)) { daemon, _ in
            seen.append(
                try await Self.ask(
                    daemon, path: "/v1/chat/completions", body: chat.merging(["model": "best-of-4/sim-reasoner"]) { $1 },
                    strategy: "best-of-4", prompt: .messages(messages)))
            // A hard problem sampled 16 times: several distinct texts, so `n: 3` returns more than one.
            seen.append(
                try await Self.ask(
                    daemon, path: "/v1/chat/completions",
                    body: ["model": "best-of-16/sim-reasoner", "n": 3, "seed": 8, "messages": [["role": "user", "content": hard]]],
                    strategy: "best-of-16", prompt: .messages([.user(hard)])))
            seen.append(
                try await Self.ask(
                    daemon, path: "/v1/completions", body: ["model": "sim-reasoner", "prompt": prompt, "seed": 5], strategy: "single",
                    prompt: .text(prompt)))
            seen.append(
                try await Self.askStreamed(
                    daemon, path: "/v1/chat/completions", body: chat.merging(["model": "sim-reasoner"]) { $1 }, strategy: "single",
                    prompt: .messages(messages)))
            seen.append(
                try await Self.askStreamed(
                    daemon, path: "/v1/chat/completions", body: chat.merging(["model": "beam-prm/sim-reasoner"]) { $1 },
                    strategy: "beam-prm", prompt: .messages(messages)))
            seen.append(
                try await Self.askStreamed(
                    daemon, path: "/v1/completions", body: ["model": "best-of-4/sim-reasoner", "prompt": prompt, "seed": 2],
                    strategy: "best-of-4", prompt: .text(prompt)))
            // Refused or failed requests are not answered requests: no row.
            #expect(try await daemon.post("/v1/chat/completions", Self.json(chat.merging(["model": "no-such-preset/x"]) { $1 }), key: Self.key).status == 404)
            #expect(try await daemon.post("/v1/chat/completions", Self.json(chat.merging(["model": "sim-reasoner"]) { $1 })).status == 401)
            #expect(try await daemon.post("/v1/chat/completions", "{\"model\":", key: Self.key).status == 400)
            metrics = try await daemon.send("/metrics").text
        }
        #expect(seen.count == 6 && seen[1].answers.count >= 2)

        let rows = try RecordStore.open(at: path).requests()
        #expect(rows.count == seen.count, "\(rows.map(\.requestID))")
        for expected in seen {
            let matching = rows.filter { $0.requestID == expected.requestID }
            #expect(matching.count == 1, "request \(expected.requestID) recorded \(matching.count) times")
            guard let row = matching.first else { continue }
            let name = "\(expected.strategy) \(expected.route) stream=\(expected.stream)"
            #expect(row.route == expected.route && row.stream == expected.stream, "\(name)")
            #expect(row.strategy == expected.strategy && row.model == expected.model && row.client == "alice", "\(name)")
            #expect(row.prompt == expected.prompt, "\(name)")
            #expect(row.answer == expected.answers[0].text && !row.answer.isEmpty, "\(name)")
            #expect(row.finishReason == expected.answers[0].finishReason, "\(name)")
            #expect(row.otherChoices.map(\.text) == expected.answers.dropFirst().map(\.text), "\(name)")
            #expect(row.usage.promptTokens == expected.promptTokens, "\(name)")
            #expect(row.usage.completionTokens == expected.completionTokens, "\(name)")
            #expect(row.usage.cachedPromptTokens == expected.cachedTokens, "\(name)")
            #expect(row.usage.calls == expected.calls && row.usage.calls >= 1, "\(name)")
            #expect(row.latencyMilliseconds > 0, "\(name)")
            #expect(abs(row.finishedAt.timeIntervalSinceNow) < 300, "\(name)")
            if expected.strategy == "single" && expected.stream {
                #expect(row.trace == nil && expected.trace == nil, "a pass-through has no search tree")
            } else {
                // The same tree `GET /v1/ponder/traces/{id}` served.
                #expect(expected.trace != nil && (row.trace?.nodes.count ?? 0) >= 2, "\(name): the search trace is kept")
                #expect(row.trace?.nodes.count == expected.trace?.nodes && row.trace?.chosen == expected.trace?.chosen, "\(name)")
            }
        }
        #expect(metrics.contains("ponder_record_rows_pending"))
        #expect(try RecordStore.open(at: path).integrityCheck() == "ok")
    }

    @Test func keysNeverReachTheFile() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let upstreamKey = "up-record-secret-5555"
        let content = "Start with 2. Add 3. What is the result? My key is \(Self.key) and theirs \(upstreamKey)."
        try await DaemonHarness.withSim(upstreamKey: upstreamKey, configure: Self.configure(path)) { daemon, _ in
            let body = Self.json(["model": "best-of-4/sim-reasoner", "messages": [["role": "user", "content": content]], "seed": 1])
            let chat = try await daemon.post("/v1/chat/completions", body, key: Self.key, headers: [("X-Request-Id", "keyed-1")])
            #expect(chat.status == 200)
            let prompt = Self.json(["model": "sim-reasoner", "prompt": content, "stream": true])
            let text = try await daemon.post("/v1/completions", prompt, key: Self.key)
            #expect(text.status == 200)
        }
        let rows = try RecordStore.open(at: path).requests()
        #expect(rows.count == 2)
        #expect(rows.contains { $0.prompt == .messages([.user(content.replacing(Self.key, with: "[redacted]").replacing(upstreamKey, with: "[redacted]"))]) })
        for file in [path, path + "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: file) else { continue }
            for secret in [Self.key, upstreamKey, "Bearer"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(file)")
            }
        }
    }

    @Test func aFullQueueDropsRowsAndCountsThemInsteadOfWaiting() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let metrics = ServerMetrics()
        let recorder = RequestRecorder(
            store: try RecordStore.open(at: path), capacity: 2, redactor: SecretRedactor([]), metrics: metrics,
            logger: Logger(label: "record-test"))
        // The writer is not running yet, so nothing drains: the third row on finds the queue full.
        for index in 0..<5 { recorder.record(Self.row(index)) }
        #expect(recorder.pendingCount == 2)
        let text = metrics.render(admission: .init(running: 0, queued: 0), pools: [], names: [], recordPending: recorder.pendingCount)
        #expect(text.contains(#"ponder_record_rows_dropped_total{reason="queue_full"} 3"#), "\(text)")
        #expect(text.contains("ponder_record_rows_pending 2"))
        recorder.close()
        try await recorder.run()
        recorder.record(Self.row(9))
        #expect(try RecordStore.open(at: path).requests().map(\.requestID) == ["row-0", "row-1"])
        let after = metrics.render(admission: .init(running: 0, queued: 0), pools: [], names: [])
        #expect(after.contains("ponder_record_rows_written_total 2"))
        #expect(after.contains(#"ponder_record_rows_dropped_total{reason="queue_full"} 4"#), "a closed recorder takes nothing")
    }

    @Test func aRestartedDaemonAppendsToTheSameFile() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        for round in 0..<2 {
            try await DaemonHarness.withSim(configure: Self.configure(path)) { daemon, _ in
                for index in 0..<3 {
                    let body = Self.json(["model": "sim-reasoner", "messages": [["role": "user", "content": Self.question]], "seed": index])
                    let reply = try await daemon.post("/v1/chat/completions", body, key: Self.key, headers: [("X-Request-Id", "r\(round)-\(index)")])
                    #expect(reply.status == 200)
                }
            }
        }
        let rows = try RecordStore.open(at: path).requests()
        #expect(rows.map(\.requestID) == ["r0-0", "r0-1", "r0-2", "r1-0", "r1-1", "r1-2"])
        // The same seed answers the same: the second daemon's rows repeat the first's answers.
        #expect(rows.prefix(3).map(\.answer) == rows.suffix(3).map(\.answer))
    }

    @Test func aFileThatIsNotARecordIsRefused() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096)))
        #expect(throws: RecordStoreError.self) { try RecordStore.open(at: path) }
        #expect(throws: RecordStoreError.self) { try RecordStore.open(at: "/nonexistent-folder/record.sqlite") }
    }

    @Test func theConfigFileAndTheFlagNameTheFile() throws {
        let yaml = """
            endpoints:
              - {name: sim, model: sim-reasoner, url: http://127.0.0.1:8000/v1}
            server:
              record: answered.sqlite
            """
        let section = try PonderConfiguration.parse(yaml: yaml, file: "test.yaml").server
        #expect(section.record == "answered.sqlite")
        #expect(ServerConfiguration(section: section, overrides: .init()).recordPath == "answered.sqlite")
        #expect(ServerConfiguration(section: section, overrides: .init(recordPath: "flag.sqlite")).recordPath == "flag.sqlite")
        #expect(ServerConfiguration(section: ServerSection(), overrides: .init()).recordPath == nil)
        #expect(throws: ConfigurationError.self) {
            try PonderConfiguration.parse(yaml: yaml.replacing("answered.sqlite", with: "''"), file: "test.yaml")
        }
    }

    static func row(_ index: Int) -> AnsweredRequest {
        AnsweredRequest(
            finishedAt: Date(), requestID: "row-\(index)", route: "/v1/chat/completions", stream: false, strategy: "single",
            model: "sim-reasoner", client: nil, prompt: .messages([.user("q")]), answer: "a", finishReason: "stop",
            usage: Usage(promptTokens: 1, completionTokens: 2, calls: 1), latencyMilliseconds: 1, trace: nil)
    }
}
