import Foundation

/// Runs blocking work (waiting for a child process, a synchronous socket) on a thread of its own.
///
/// The concurrency pool has one thread per core; a test that blocks one of them for a child's whole
/// run starves every other test's timers and timeouts on a small machine.
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "ponder-test-blocking"
            thread.start()
        }
    }

    static func run(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                work()
                continuation.resume()
            }
            thread.name = "ponder-test-blocking"
            thread.start()
        }
    }
}
