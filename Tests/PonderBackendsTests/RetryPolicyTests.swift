import Testing

@testable import PonderBackends

@Suite struct RetryPolicyTests {
    @Test func attemptsAreBounded() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.allowsAnotherAttempt(after: 1))
        #expect(policy.allowsAnotherAttempt(after: 2))
        #expect(!policy.allowsAnotherAttempt(after: 3))
        #expect(!RetryPolicy(maxAttempts: 0).allowsAnotherAttempt(after: 1), "at least one attempt, and no retry")
    }

    @Test func backoffGrowsExponentiallyUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.1, maxDelay: 1.0)
        // With the draw at its top the delay is the cap of full jitter.
        let top = 0.999_999
        #expect(abs(policy.delay(beforeRetry: 1, unit: top) - 0.1) < 1e-4)
        #expect(abs(policy.delay(beforeRetry: 2, unit: top) - 0.2) < 1e-4)
        #expect(abs(policy.delay(beforeRetry: 3, unit: top) - 0.4) < 1e-4)
        #expect(abs(policy.delay(beforeRetry: 5, unit: top) - 1.0) < 1e-4)
        #expect(abs(policy.delay(beforeRetry: 80, unit: top) - 1.0) < 1e-4)
    }

    @Test func jitterSpreadsDelaysUniformly() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.1, maxDelay: 1.0)
        #expect(policy.delay(beforeRetry: 3, unit: 0) == 0)
        #expect(abs(policy.delay(beforeRetry: 3, unit: 0.5) - 0.2) < 1e-9)
    }

    @Test func retryAfterIsHonouredWithinItsLimit() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.05, maxDelay: 2, maxRetryAfter: 5)
        #expect(policy.delay(beforeRetry: 1, unit: 0, retryAfter: 3) == 3)
        #expect(policy.delay(beforeRetry: 1, unit: 1, retryAfter: 3) <= 3.05 + 1e-9)
        // A Retry-After beyond the limit falls back to backoff rather than stalling for minutes.
        #expect(policy.delay(beforeRetry: 1, unit: 0.5, retryAfter: 600) < 1)
    }
}
