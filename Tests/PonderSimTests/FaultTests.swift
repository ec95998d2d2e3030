import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
import Testing

@testable import PonderSim

/// Injected faults, capacity limits and llama.cpp emulation on a live server.
@Suite struct FaultTests {
    static func faulty(_ kind: SimFaultKind, _ tweak: (inout SimConfiguration) -> Void = { _ in }) -> SimConfiguration {
        var configuration = SimConfiguration(faultRate: 1, faults: [kind])
        tweak(&configuration)
        return configuration
    }

    @Test func serverErrorAndRateLimits() async throws {
        try await withSim(Self.faulty(.serverError)) { http in
            let response = try await http.post("/v1/chat/completions", json: chatJSON())
            #expect(response.status == 500)
            #expect(try response.decode(ErrorBody.self).error.type == "server_error")
            let score = try await http.post("/v1/score", ScoreRequest(question: sampleProblem.question, steps: ["x"]))
            #expect(score.status == 500, "scoring routes get faults too")
            #expect(try await http.get("/v1/models").status == 200, "but not the model list")
            #expect(try await http.get("/sim/stats").status == 200)
            #expect(http.sim.stats().faults == ["500": 2])
        }
        try await withSim(Self.faulty(.rateLimited)) { http in
            let response = try await http.post("/v1/completions", json: completionJSON("hi"))
            #expect(response.status == 429)
            #expect(response.header("retry-after") == nil)
        }
        try await withSim(Self.faulty(.rateLimitedRetryAfter) { $0.retryAfterSeconds = 3 }) { http in
            let response = try await http.post("/v1/completions", json: completionJSON("hi"))
            #expect(response.status == 429)
            #expect(response.header("retry-after") == "3")
            #expect(try response.decode(ErrorBody.self).error.type == "rate_limit_error")
        }
    }

    @Test func resetDropsTheConnection() async throws {
        try await withSim(Self.faulty(.reset)) { http in
            for path in ["/v1/chat/completions", "/v1/qvalue"] {
                await #expect(throws: (any Error).self) {
                    _ = try await http.post(path, json: chatJSON())
                }
            }
            #expect(http.sim.stats().faults["reset"] == 2)
            let alive = try await http.get("/v1/models")
            #expect(alive.status == 200, "the server lives on")
        }
    }

    @Test func malformedBodiesAreInvalidJSON() async throws {
        try await withSim(Self.faulty(.malformed)) { http in
            let response = try await http.post("/v1/chat/completions", json: chatJSON())
            #expect(response.status == 200)
            #expect(throws: (any Error).self) { try response.decode(ChatCompletionResponse.self) }
            let stream = try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"stream\":true"))
            #expect(stream.status == 200)
            #expect(stream.events.last != "[DONE]")
            #expect(throws: (any Error).self) {
                for event in stream.events { _ = try JSONDecoder().decode(StreamChunk.self, from: Data(event.utf8)) }
            }
        }
    }

    @Test func stallEndsWhenTheClientGivesUp() async throws {
        try await withSim(Self.faulty(.stall) { $0.stallSeconds = 30 }) { http in
            let start = ContinuousClock.now
            await #expect(throws: (any Error).self) {
                _ = try await http.post("/v1/chat/completions", json: chatJSON(), timeout: .seconds(1))
            }
            #expect(ContinuousClock.now - start < .seconds(15), "the 30 s stall was not waited out")
            // The server notices the client left and stops waiting.
            var stats = http.sim.stats()
            for _ in 0..<100 where stats.inFlight > 0 {
                try await Task.sleep(for: .milliseconds(20))
                stats = http.sim.stats()
            }
            #expect(stats.inFlight == 0)
            #expect(stats.faults["stall"] == 1)
            #expect(stats.completionTokens == 0, "nothing was served")
        }
        try await withSim(Self.faulty(.stall) { $0.stallSeconds = 0.2 }) { http in
            let start = ContinuousClock.now
            let response = try await http.post("/v1/chat/completions", json: chatJSON())
            #expect(response.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(200), "after the stall the normal answer comes")
            _ = try response.decode(ChatCompletionResponse.self)
        }
    }

    @Test func slowStreamTricklesOut() async throws {
        try await withSim(Self.faulty(.slowStream) { $0.slowStreamInterval = 0.01 }) { http in
            let start = ContinuousClock.now
            let response = try await http.post("/v1/chat/completions", json: chatJSON())
            let elapsed = ContinuousClock.now - start
            let body = try response.decode(ChatCompletionResponse.self)
            let pieces = (response.body.count + 15) / 16
            #expect(elapsed >= .milliseconds(pieces * 10), "one piece of 16 bytes per interval")
            #expect(!body.choices.isEmpty)
            let streamStart = ContinuousClock.now
            let stream = try await http.post(
                "/v1/completions", json: completionJSON(sampleProblem.question, extra: "\"stream\":true,\"max_tokens\":20"))
            #expect(ContinuousClock.now - streamStart >= .milliseconds(200), "one event per interval")
            #expect(stream.events.last == "[DONE]")
        }
    }

    @Test func faultRateIsAProbability() async throws {
        try await withSim(SimConfiguration(seed: 3, faultRate: 0.3, faults: [.serverError, .rateLimited])) { http in
            var failures = 0
            for _ in 0..<100 where try await http.post("/v1/completions", json: completionJSON("hi")).status != 200 {
                failures += 1
            }
            #expect((15...45).contains(failures))
            let faults = http.sim.stats().faults
            #expect(faults.values.reduce(0, +) == failures)
            #expect(faults.count == 2)
        }
    }

    @Test func maxNRejectsLargeN() async throws {
        try await withSim(SimConfiguration(maxN: 2)) { http in
            let rejected = try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"n\":3"))
            #expect(rejected.status == 400)
            let error = try rejected.decode(ErrorBody.self).error
            #expect(error.param == "n")
            #expect(error.message == "n must be at most 2")
            #expect(try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"n\":2")).status == 200)
        }
    }

    @Test func usageFirstChoiceOnlyEmulatesLlamaCpp() async throws {
        try await withSim(SimConfiguration(usageFirstChoiceOnly: true)) { http in
            let response = try await http.post(
                "/v1/chat/completions", json: chatJSON(extra: "\"n\":3,\"temperature\":1.0,\"seed\":4"))
            let body = try response.decode(ChatCompletionResponse.self)
            let first = SimTokenizer.count(body.choices[0].message.content) + 1
            #expect(body.usage?.completionTokens == first)
            #expect(body.timings?.predictedN == first)
            #expect(response.text.contains("\"timings\":{\"predicted_n\":\(first)}"))
            let stats = http.sim.stats()
            #expect(stats.reportedCompletionTokens == first)
            #expect(stats.completionTokens == body.choices.map { SimTokenizer.count($0.message.content) + 1 }.reduce(0, +))
        }
    }

    @Test func concurrencySlotsQueueAndPace() async throws {
        try await withSim(SimConfiguration(tokensPerSecond: 100, maxConcurrency: 1)) { http in
            let json = chatJSON(extra: "\"max_tokens\":10")  // 10 tokens: 0.1 s per request
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await http.post("/v1/chat/completions", json: json).status } }
                for try await status in group { #expect(status == 200) }
            }
            #expect(ContinuousClock.now - start >= .milliseconds(390), "one slot serves the four in turn")
        }
    }

    /// Each step waits for the sim to have seen what came before instead of for a fixed time, and the
    /// blocker holds the only slot for seconds, so a loaded machine slows the test down but cannot change
    /// what it observes.
    @Test func aClientThatGivesUpWhileQueuedLeavesTheQueueAtOnce() async throws {
        try await withSim(SimConfiguration(tokensPerSecond: 20, maxConcurrency: 1)) { http in
            let long = SimProblemGenerator.generate(count: 1, seed: 9, difficulty: .level(5))[0].question
            let blocker = Task { try await http.post("/v1/chat/completions", json: chatJSON(long)) }
            #expect(try await waitForSim(http) { $0.inFlight == 1 }, "the blocker holds the slot")

            let queued = Task { try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"max_tokens\":2")) }
            #expect(try await waitForSim(http) { $0.inFlight == 2 }, "the second request waits for the slot")
            queued.cancel()
            await #expect(throws: (any Error).self) { _ = try await queued.value }

            #expect(try await waitForSim(http) { $0.finished == 1 }, "the abandoned request is let go")
            let stats = http.sim.stats()
            #expect(stats.inFlight == 1, "only the blocker is left, still generating")
            #expect(stats.choices == 0, "the abandoned request generated nothing")
            #expect(try await blocker.value.status == 200)
            let after = try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"max_tokens\":2"))
            #expect(after.status == 200)
        }
    }

    /// Polls the sim's counters every 10 ms for up to `seconds`; true once `condition` holds.
    private func waitForSim(
        _ http: SimHTTP, seconds: Int = 5, until condition: (SimStats) -> Bool
    ) async throws -> Bool {
        for _ in 0..<(seconds * 100) {
            if condition(http.sim.stats()) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(http.sim.stats())
    }

    @Test func pacedRequestsKeepConnectionsAlive() async throws {
        try await withSim(SimConfiguration(tokensPerSecond: 1_000_000, maxConcurrency: 2)) { http in
            for _ in 0..<100 {
                let response = try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"max_tokens\":3"))
                #expect(response.status == 200)
            }
        }
    }

    @Test func streamingIsPacedAtTheDecodeRate() async throws {
        try await withSim(SimConfiguration(tokensPerSecond: 100, promptTokensPerSecond: 1000)) { http in
            let start = ContinuousClock.now
            let response = try await http.post(
                "/v1/completions", json: completionJSON(sampleProblem.question, extra: "\"stream\":true,\"max_tokens\":20"))
            let elapsed = ContinuousClock.now - start
            #expect(response.events.count == 21)
            let prompt = SimTokenizer.count(sampleProblem.question)
            #expect(elapsed >= .milliseconds(200 + prompt), "20 tokens at 100/s after the prefill")
            #expect(elapsed < .seconds(30), "not stuck (generous: tests share the CPU)")
        }
    }

    @Test func stoppingIsQuick() async throws {
        let sim = try await SimServer.start(SimConfiguration())
        #expect(sim.baseURL == "http://127.0.0.1:\(sim.port)/v1")
        #expect(sim.port > 0)
        let start = ContinuousClock.now
        await sim.stop()
        #expect(ContinuousClock.now - start < .seconds(10))

        // Also with a request stalled inside.
        let stalled = try await SimServer.start(Self.faulty(.stall) { $0.stallSeconds = 30 })
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let http = SimHTTP(sim: stalled, client: client)
        let pending = Task { try await http.post("/v1/chat/completions", json: chatJSON(), timeout: .seconds(20)) }
        while stalled.stats().faults["stall"] == nil { try await Task.sleep(for: .milliseconds(10)) }
        let stopping = ContinuousClock.now
        await stalled.stop()
        #expect(ContinuousClock.now - stopping < .seconds(15), "the 30 s stall was not waited out")
        let outcome = await pending.result
        #expect((try? outcome.get())?.status != 200, "the stalled request got no answer")
        try await client.shutdown()
    }
}
