@testable import PonderBackends
import PonderCore
import PonderSim
import Testing

/// A request for several choices from a server that takes one per request: the single-choice calls
/// made side by side from the calling task (`EndpointClient.postEach`), with the routing, limits,
/// retries and errors of calls made one task each.
@Suite struct FanOutTests {
    let problem = SimHarness.question
    let oneChoice = EndpointCapabilities(maxN: 1)

    @Test func eachChoiceIsACallOfItsOwnWithItsOwnSeedAndTheyRunSideBySide() async throws {
        // 40 tokens at 40 tokens/s: a second per call, long enough for the sim to be seen holding all eight.
        try await SimHarness.withSim(SimConfiguration(tokensPerSecond: 40)) { sim in
            let client = SimHarness.client([sim.baseURL], capabilities: oneChoice)
            let sampler = Task {
                var peak = 0
                while !Task.isCancelled {
                    peak = max(peak, sim.stats().inFlight)
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return peak
            }
            let fanned = try await client.chat([.user(problem.question)], sampling: .init(n: 8, temperature: 1, seed: 5, maxTokens: 40))
            sampler.cancel()
            let peak = await sampler.value
            #expect(fanned.choices.count == 8)
            #expect(sim.stats().totalRequests == 8, "one request per choice")
            #expect(fanned.usage.calls == 8)
            // Counted by the server rather than timed: a busy test machine slows calls, not their overlap.
            #expect(peak == 8, "side by side, not one after another: at most \(peak) in flight")
            // Part k carries seed 5 + k: the same answers, in the same order, as eight calls of one choice each.
            let question = problem.question
            let singles = try await inParallel(count: 8) { k in
                try await client.chat([.user(question)], sampling: .init(temperature: 1, seed: 5 + UInt64(k), maxTokens: 40))
            }
            #expect(singles.map { $0.choices[0].text } == fanned.choices.map(\.text))
            #expect(client.pool.snapshot().outstanding == [0])
            #expect(client.pool.limiters[0].inUse == 0)
        }
    }

    @Test func textCompletionsFanOutTheSameWay() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL], capabilities: oneChoice)
            let prompt = "Question: \(problem.question)\nAnswer:"
            let fanned = try await client.complete(prompt: prompt, sampling: .init(n: 4, temperature: 1, seed: 9, maxTokens: 40))
            #expect(fanned.choices.count == 4)
            #expect(sim.stats().totalRequests == 4)
            let singles = try await inParallel(count: 4) { k in
                try await client.complete(prompt: prompt, sampling: .init(temperature: 1, seed: 9 + UInt64(k), maxTokens: 40))
            }
            #expect(singles.map { $0.choices[0].text } == fanned.choices.map(\.text))
            #expect(client.pool.snapshot().outstanding == [0])
        }
    }

    @Test func unseededPartsShareOneBodyAndAllCount() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL], capabilities: oneChoice)
            let generation = try await client.chat([.user(problem.question)], sampling: .init(n: 6, temperature: 1))
            #expect(generation.choices.count == 6)
            #expect(sim.stats().totalRequests == 6)
            #expect(generation.usage.completionTokens == sim.stats().completionTokens, "usage sums every call")
        }
    }

    @Test func aFailedFirstAttemptIsRetriedOnTheHealthyReplica() async throws {
        let faulty = SimConfiguration(faultRate: 1.0, faults: [.serverError])
        try await SimHarness.withSims([faulty, SimConfiguration()]) { sims in
            let client = SimHarness.client(sims.map(\.baseURL), capabilities: oneChoice)
            for i in 0..<4 {
                let generation = try await client.chat(
                    [.user(SimHarness.problems[i].question)], sampling: .init(n: 8, temperature: 1, seed: UInt64(i)))
                #expect(generation.choices.count == 8)
                #expect(generation.choices.allSatisfy { !$0.text.isEmpty })
            }
            let snapshot = client.pool.snapshot()
            #expect(snapshot.counters[0].failures >= 1, "the faulty replica was tried")
            #expect(snapshot.counters[1].successes == 32, "every call ended on the healthy one")
            #expect(snapshot.counters[0].retries + snapshot.counters[1].retries == snapshot.counters[0].failures)
            #expect(snapshot.outstanding == [0, 0])
            #expect(client.pool.limiters.allSatisfy { $0.inUse == 0 })
        }
    }

    @Test func anErrorThatEndsOneCallEndsTheRequestAndFreesEveryPlace() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL], model: "no-such-model", capabilities: oneChoice)
            do {
                _ = try await client.chat([.user(problem.question)], sampling: .init(n: 8, temperature: 1))
                Issue.record("unknown model accepted")
            } catch let error as BackendError {
                #expect(error.status == 404, "the server's error, not a cancellation of the other calls")
                #expect(!error.isRetryable)
            }
            #expect(sim.stats().totalRequests <= 8, "nothing retried")
            #expect(client.pool.snapshot().outstanding == [0])
            #expect(client.pool.snapshot().ejections == [0])
            #expect(client.pool.limiters[0].inUse == 0)
        }
    }

    @Test func aCallWhoseRetryFailsEndsTheRequestWithoutWaitingForTheOthers() async throws {
        // Seed 0 is never answered; seed 1 gets a 500 (retried) and then a 400, which ends its call.
        try await SeedScriptedServer.with(script: [0: [nil], 1: [500, 400]]) { url, server in
            let client = SimHarness.client([url], timeouts: .init(firstByte: 60, idle: 60, total: 60), capabilities: oneChoice)
            let clock = ContinuousClock()
            let started = clock.now
            do {
                _ = try await client.chat([.user(problem.question)], sampling: .init(n: 2, temperature: 1, seed: 0))
                Issue.record("the scripted 400 was not thrown")
            } catch let error as BackendError {
                #expect(error.status == 400, "the error that ended a call, not the cancellation it caused: \(error)")
            }
            // Alone this takes milliseconds; waiting for the unanswered call would take its 60 s timeout. Half
            // of that leaves room for a test process starved of the two cores by the rest of the suite.
            #expect(clock.now - started < .seconds(30), "the unanswered call was cancelled, not waited for")
            #expect(server.requests == [0: 1, 1: 2])
            #expect(client.pool.snapshot().outstanding == [0])
            #expect(client.pool.limiters[0].inUse == 0)
        }
    }

    @Test func cancellingTheCallerStopsEveryCallAndFreesEveryPlace() async throws {
        let stalling = SimConfiguration(faultRate: 1.0, faults: [.stall], stallSeconds: 60)
        try await SimHarness.withSim(stalling) { sim in
            let client = SimHarness.client([sim.baseURL], timeouts: .init(firstByte: 120, idle: 120, total: 120), capabilities: oneChoice)
            let question = problem.question
            let task = Task { try await client.chat([.user(question)], sampling: .init(n: 8, temperature: 1)) }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while sim.stats().inFlight < 8, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(sim.stats().inFlight == 8, "all eight calls reached the server")
            let cancelled = clock.now
            task.cancel()
            let result = await task.result
            // Waiting out a stall would take 60 s; half of that leaves room for a process starved by the rest of the suite.
            #expect(clock.now - cancelled < .seconds(30), "no call waited out its stall")
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(client.pool.snapshot().outstanding == [0])
            #expect(client.pool.snapshot().counters[0].failures == 0, "a cancellation says nothing about the replica")
            #expect(client.pool.limiters[0].inUse == 0)
            #expect(sim.stats().totalRequests == 8, "and none was made again")
        }
    }

    @Test func callsBeyondTheReplicasLimitWaitInLine() async throws {
        try await SimHarness.withSim(SimConfiguration(tokensPerSecond: 200)) { sim in
            let client = EndpointClient(
                configuration: EndpointConfiguration(
                    name: "sim", model: "sim-reasoner", replicas: [sim.baseURL], maxConcurrency: 3, capabilities: oneChoice))
            let sampler = Task {
                var peak = 0
                while !Task.isCancelled {
                    peak = max(peak, client.pool.limiters[0].inUse, sim.stats().inFlight)
                    try? await Task.sleep(for: .milliseconds(2))
                }
                return peak
            }
            let generation = try await client.chat([.user(problem.question)], sampling: .init(n: 8, temperature: 1, maxTokens: 20))
            sampler.cancel()
            let peak = await sampler.value
            #expect(generation.choices.count == 8)
            #expect(sim.stats().totalRequests == 8)
            #expect(peak <= 3, "never more than the limit in flight: \(peak)")
            #expect(peak >= 2, "the sampler saw the calls: \(peak)")
            #expect(client.pool.limiters[0].inUse == 0)
        }
    }
}
