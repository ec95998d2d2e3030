import DequeModule
import Synchronization

/// Caps concurrent requests to one replica; callers beyond the cap wait in FIFO order, never rejected.
///
/// A waiter whose task is cancelled leaves the queue at once (and throws `CancellationError`), so a
/// client that goes away frees its place.
public final class ConcurrencyLimiter: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: Deque<Waiter> = []
        var nextID: UInt64 = 0
        /// Ids handed out to callers that have not reached the queue yet.
        var arriving: Set<UInt64> = []
        /// Arriving callers that were cancelled before they reached the queue.
        var cancelledWhileArriving: Set<UInt64> = []
    }

    public let limit: Int
    private let state: Mutex<State>

    public init(limit: Int) {
        self.limit = max(1, limit)
        self.state = Mutex(State(available: max(1, limit)))
    }

    /// Callers waiting for a place.
    public var queued: Int { state.withLock { $0.waiters.count } }

    /// Places in use.
    public var inUse: Int { state.withLock { limit - $0.available } }

    public func acquire() async throws {
        let fast: UInt64? = state.withLock { state in
            if state.available > 0 && state.waiters.isEmpty {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            state.arriving.insert(state.nextID)
            return state.nextID
        }
        guard let id = fast else { return }
        try await waitForPlace(id)
    }

    /// Takes a place if one is free now and nobody waits for one; false otherwise (the caller then
    /// waits through `acquire`, in line behind the others).
    public func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.available > 0 && state.waiters.isEmpty else { return false }
            state.available -= 1
            return true
        }
    }

    /// Out of line: the wait's continuation and cancellation handler would otherwise enlarge the async
    /// frame of every caller, most of which never wait.
    @inline(never)
    private func waitForPlace(_ id: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    state.arriving.remove(id)
                    if state.cancelledWhileArriving.remove(id) != nil { return true }
                    if state.available > 0 && state.waiters.isEmpty {
                        state.available -= 1
                        continuation.resume()
                        return false
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let position = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: position).continuation
                }
                if state.arriving.contains(id) { state.cancelledWhileArriving.insert(id) }
                return nil
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    public func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if let waiter = state.waiters.popFirst() { return waiter.continuation }
            state.available = min(limit, state.available + 1)
            return nil
        }
        next?.resume()
    }
}
