/// How many times a retryable failure is tried again, and how long to wait in between.
///
/// Delays grow exponentially from `baseDelay` up to `maxDelay`, with "full jitter" (a uniform draw in
/// `[0, cap]`, as in the AWS architecture blog's analysis), so that many callers failing at once do not
/// retry in lockstep. A server's `Retry-After` is honoured when it is no longer than `maxRetryAfter`.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts including the first; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.05, maxDelay: Double = 2.0, maxRetryAfter: Double = 10) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(self.baseDelay, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
    }

    public static let `default` = RetryPolicy()

    /// Whether another attempt may follow attempt number `attempt` (1-based).
    public func allowsAnotherAttempt(after attempt: Int) -> Bool { attempt < maxAttempts }

    /// The wait before retry number `retry` (1 for the first retry), given a uniform draw `unit` in [0, 1)
    /// and the server's `Retry-After` in seconds, if it sent one.
    public func delay(beforeRetry retry: Int, unit: Double, retryAfter: Double? = nil) -> Double {
        if let retryAfter, retryAfter >= 0, retryAfter <= maxRetryAfter {
            // A little jitter on top keeps a crowd told "1 second" from returning as one.
            return retryAfter + unit * baseDelay
        }
        let exponent = Double(max(0, retry - 1))
        let cap = min(maxDelay, baseDelay * pow2(exponent))
        return unit * cap
    }

    private func pow2(_ exponent: Double) -> Double {
        exponent >= 62 ? Double.greatestFiniteMagnitude : Double(UInt64(1) << UInt64(exponent))
    }
}
