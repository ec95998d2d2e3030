/// Running totals of a batch run, for the progress display: pure values, rendered by ``ProgressLine``.
public struct RunTally: Sendable, Hashable {
    /// Problem × seed pairs this session set out to do.
    public var total: Int
    public var done = 0
    public var correct = 0
    public var failed = 0
    public var tokens = 0
    public var calls = 0
    /// Seconds since the session started.
    public var elapsed: Double = 0

    public init(total: Int) {
        self.total = total
    }

    public mutating func add(_ result: StoredResult) {
        done += 1
        if result.correct { correct += 1 }
        tokens += result.usage.totalTokens
        calls += result.usage.calls
    }

    /// Correct among the recorded, nil before the first.
    public var accuracy: Double? { done > 0 ? Double(correct) / Double(done) : nil }

    /// Problems finished per second.
    public var rate: Double? { elapsed > 0 && done > 0 ? Double(done) / elapsed : nil }

    /// Seconds left at the current rate.
    public var remainingSeconds: Double? {
        guard let rate, rate > 0 else { return nil }
        return Double(max(total - done - failed, 0)) / rate
    }
}
