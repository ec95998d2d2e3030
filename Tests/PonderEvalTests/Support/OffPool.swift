import Foundation

/// Runs CPU-heavy test work on a thread of its own, so it never holds one of the few threads of Swift's
/// cooperative pool, which every other test's async work (servers, timers, search deadlines) needs.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
