import Testing

@testable import PonderBackends

@Suite struct CircuitBreakerTests {
    let second: UInt64 = 1_000_000_000

    @Test func opensAfterConsecutiveFailuresOnly() {
        var breaker = CircuitBreaker(policy: .init(failureThreshold: 3, cooldown: 1, maxCooldown: 8))
        breaker.recordFailure(nowNanos: 0)
        breaker.recordFailure(nowNanos: 0)
        breaker.recordSuccess()
        breaker.recordFailure(nowNanos: 0)
        breaker.recordFailure(nowNanos: 0)
        #expect(!breaker.isEjected, "a success in between resets the count")
        breaker.recordFailure(nowNanos: 0)
        #expect(breaker.isEjected)
        #expect(breaker.ejections == 1)
        #expect(breaker.admit(nowNanos: second / 2) == .rejected)
        #expect(!breaker.isAvailable(nowNanos: second / 2))
    }

    @Test func halfOpenLetsOneProbeThrough() {
        var breaker = CircuitBreaker(policy: .init(failureThreshold: 1, cooldown: 1, maxCooldown: 8))
        breaker.recordFailure(nowNanos: 0)
        #expect(breaker.isAvailable(nowNanos: second))
        #expect(breaker.admit(nowNanos: second) == .probe)
        #expect(breaker.admit(nowNanos: second) == .rejected, "only one probe at a time")
        breaker.recordSuccess()
        #expect(!breaker.isEjected)
        #expect(breaker.admit(nowNanos: second) == .admitted)
    }

    @Test func failedProbeDoublesTheCooldownUpToTheMaximum() {
        var breaker = CircuitBreaker(policy: .init(failureThreshold: 1, cooldown: 1, maxCooldown: 3))
        breaker.recordFailure(nowNanos: 0)
        #expect(breaker.admit(nowNanos: 1 * second) == .probe)
        breaker.recordFailure(nowNanos: 1 * second)
        #expect(breaker.state == .open(untilNanos: 3 * second, cooldown: 2))
        #expect(breaker.admit(nowNanos: 3 * second) == .probe)
        breaker.recordFailure(nowNanos: 3 * second)
        #expect(breaker.state == .open(untilNanos: 6 * second, cooldown: 3))
        #expect(breaker.ejections == 3)
    }

    @Test func cancelledProbeFreesTheSlot() {
        var breaker = CircuitBreaker(policy: .init(failureThreshold: 1, cooldown: 0, maxCooldown: 0))
        breaker.recordFailure(nowNanos: 0)
        #expect(breaker.admit(nowNanos: 0) == .probe)
        breaker.releaseProbe()
        #expect(breaker.admit(nowNanos: 0) == .probe)
    }
}
