import PonderCore
import Synchronization
import Testing

@Suite struct InParallelTests {
    @Test func resultsComeInIndexOrderWhateverOrderTheTasksFinishIn() async throws {
        let finished = Mutex<[Int]>([])
        // Later indices sleep less, so they finish first.
        let results = try await inParallel(count: 6) { index in
            try await Task.sleep(for: .milliseconds(10 * (6 - index)))
            finished.withLock { $0.append(index) }
            return "r\(index)"
        }
        #expect(results == ["r0", "r1", "r2", "r3", "r4", "r5"])
        #expect(finished.withLock { $0 }.count == 6)
    }

    @Test func theTasksRunSideBySide() async throws {
        let running = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        _ = try await inParallel(count: 8) { _ in
            let now = running.wrappingAdd(1, ordering: .relaxed).newValue
            most.max(now, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(200))
            running.wrappingSubtract(1, ordering: .relaxed)
        }
        #expect(most.load(ordering: .relaxed) == 8)
    }

    struct Refused: Error {}

    @Test func aTaskThatThrowsCancelsTheOthersAndItsErrorSurfaces() async throws {
        let cancelled = Atomic<Int>(0)
        await #expect(throws: Refused.self) {
            _ = try await inParallel(count: 5) { index in
                if index == 2 {
                    try await Task.sleep(for: .milliseconds(20))
                    throw Refused()
                }
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch is CancellationError {
                    cancelled.wrappingAdd(1, ordering: .relaxed)
                    throw CancellationError()
                }
                return index
            }
        }
        #expect(cancelled.load(ordering: .relaxed) == 4)
    }

    @Test func noTasksGiveNoResults() async throws {
        let results: [Int] = try await inParallel(count: 0) { index in index }
        #expect(results.isEmpty)
    }
}
