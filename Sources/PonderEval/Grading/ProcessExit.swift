import Foundation
import Synchronization

/// A one-time event — a child process ended, with its status — that async code can wait for with a
/// timeout. `signal(status:)` may come from any thread.
final class ProcessExit: Sendable {
    private struct State {
        var signalled = false
        var status: Int32?
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    func signal(status: Int32) {
        let waiters = state.withLock { state in
            state.signalled = true
            state.status = status
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// The status given to `signal(status:)`; nil before it.
    var status: Int32? { state.withLock { $0.status } }

    /// Waits until `signal(status:)` or until `timeout` passes; true when the timeout came first.
    func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitForSignal()
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return true
            }
            let timedOut = await group.next() ?? true
            group.cancelAll()
            return timedOut
        }
    }

    private func waitForSignal() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
