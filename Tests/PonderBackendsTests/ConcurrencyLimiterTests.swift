import Synchronization
import Testing

@testable import PonderBackends

@Suite struct ConcurrencyLimiterTests {
    @Test func neverExceedsTheLimit() async throws {
        let limiter = ConcurrencyLimiter(limit: 3)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await limiter.acquire()
                    gauge.enter()
                    try await Task.sleep(nanoseconds: 2_000_000)
                    gauge.leave()
                    limiter.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.peak == 3)
        #expect(limiter.inUse == 0)
    }

    @Test func waitersAreServedInArrivalOrder() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let order = Recorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<5 {
                group.addTask {
                    try await limiter.acquire()
                    order.append(i)
                    limiter.release()
                }
                // Let each waiter reach the queue before the next one starts.
                while limiter.queued < i + 1 { await Task.yield() }
            }
            limiter.release()
            try await group.waitForAll()
        }
        #expect(order.values == [0, 1, 2, 3, 4])
    }

    @Test func cancelledWaiterLeavesTheQueue() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        while limiter.queued < 1 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(limiter.queued == 0)
        limiter.release()
        #expect(limiter.inUse == 0, "the cancelled waiter did not take the freed place")
    }
}

/// Tracks how many tasks are inside a region at once.
private final class Gauge: Sendable {
    private let state = Mutex((current: 0, peak: 0))
    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

private final class Recorder: Sendable {
    private let state = Mutex<[Int]>([])
    func append(_ value: Int) { state.withLock { $0.append(value) } }
    var values: [Int] { state.withLock { $0 } }
}
