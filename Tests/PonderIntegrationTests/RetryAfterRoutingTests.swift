import PonderBackends
import PonderCore
import PonderSim
import Testing

/// A `Retry-After` holds back retries to the replica that sent it, not to the others: with a healthy
/// replica beside a rate-limited one, the retry goes there at once; alone, the wait is honoured.
@Suite struct RetryAfterRoutingTests {
    @Test func aHealthyReplicaIsTriedWithoutWaitingOutAnotherOnesRetryAfter() async throws {
        let limited = SimConfiguration(faultRate: 1.0, faults: [.rateLimitedRetryAfter], retryAfterSeconds: 30)
        try await SimHarness.withSims([limited, SimConfiguration()]) { sims in
            let client = SimHarness.client(
                sims.map(\.baseURL), maxRetryAfter: 60, breaker: .init(failureThreshold: 100, cooldown: 30))
            let clock = ContinuousClock()
            for i in 0..<8 {
                let before = sims[0].stats().totalRequests
                let started = clock.now
                _ = try await client.chat([.user(SimHarness.problems[i].question)], sampling: .init(seed: UInt64(i), maxTokens: 16))
                let elapsed = clock.now - started
                // Waiting out the 30 s Retry-After would take at least 30 s; far less means it was not waited.
                if sims[0].stats().totalRequests > before { #expect(elapsed < .seconds(15), "call \(i) took \(elapsed)") }
            }
            #expect(sims[0].stats().faults[SimFaultKind.rateLimitedRetryAfter.rawValue, default: 0] >= 1, "the fault was hit")
            #expect(sims[1].stats().totalRequests == 8)
        }
    }

    @Test func aLoneReplicasRetryAfterIsWaitedOut() async throws {
        let limited = SimConfiguration(faultRate: 1.0, faults: [.rateLimitedRetryAfter], retryAfterSeconds: 1)
        try await SimHarness.withSim(limited) { sim in
            let client = SimHarness.client([sim.baseURL], maxAttempts: 2)
            let clock = ContinuousClock()
            let started = clock.now
            await #expect(throws: BackendError.self) { _ = try await client.chat([.user(SimHarness.question.question)]) }
            #expect(clock.now - started >= .seconds(1), "the retry waited the server's Retry-After")
            #expect(sim.stats().totalRequests == 2)
        }
    }
}
