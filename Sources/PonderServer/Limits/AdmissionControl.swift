import DequeModule
import Synchronization

/// Caps the searches the daemon runs at once. Past the cap a request waits in a short FIFO queue; when
/// the queue is full, or the wait exceeds its timeout, it is refused (HTTP 429) rather than left to pile
/// up behind work the backends cannot absorb. A waiter whose client disconnects leaves the queue.
final class AdmissionControl: Sendable {
    let limit: Int
    let queueDepth: Int
    let queueTimeout: Duration
    private let state = Mutex(State())

    private struct State {
        var running = 0
        var waiters: Deque<Waiter> = []
        var nextID: UInt64 = 0
        /// Waiters given an id that have not joined the queue yet; one abandoned in that window is
        /// removed from here, and refused when it tries to join.
        var joining: Set<UInt64> = []
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    struct Snapshot: Sendable, Equatable {
        var running: Int
        var queued: Int
    }

    init(limit: Int, queueDepth: Int, queueTimeout: Duration) {
        precondition(limit > 0 && queueDepth >= 0)
        self.limit = limit
        self.queueDepth = queueDepth
        self.queueTimeout = queueTimeout
    }

    var snapshot: Snapshot { state.withLock { Snapshot(running: $0.running, queued: $0.waiters.count) } }

    /// Takes a place, waiting in the queue if need be. False: refused (queue full, timed out, cancelled).
    /// Every true must be matched by one `release()`.
    func acquire() async -> Bool {
        enum Decision { case admitted, refused, wait(UInt64) }
        let decision: Decision = state.withLock { state in
            if state.running < limit {
                state.running += 1
                return .admitted
            }
            guard state.waiters.count < queueDepth else { return .refused }
            state.nextID &+= 1
            state.joining.insert(state.nextID)
            return .wait(state.nextID)
        }
        guard case .wait(let id) = decision else {
            if case .admitted = decision { return true }
            return false
        }
        let timer = Task { [queueTimeout] in
            try? await Task.sleep(for: queueTimeout)
            self.abandon(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let abandonedEarly = state.withLock { state in
                    guard state.joining.remove(id) != nil else { return true }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if abandonedEarly { continuation.resume(returning: false) }
            }
        } onCancel: {
            abandon(id)
        }
    }

    /// Gives a place back: to the longest waiter if there is one.
    func release() {
        let next: Waiter? = state.withLock { state in
            if let waiter = state.waiters.popFirst() { return waiter }
            state.running -= 1
            return nil
        }
        next?.continuation.resume(returning: true)
    }

    /// Removes a waiter that timed out or whose client went away; it is told it was refused.
    private func abandon(_ id: UInt64) {
        let waiter: Waiter? = state.withLock { state in
            if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                return state.waiters.remove(at: index)
            }
            // Not queued yet: it is refused when it tries to join. Otherwise it was already admitted.
            state.joining.remove(id)
            return nil
        }
        waiter?.continuation.resume(returning: false)
    }
}
