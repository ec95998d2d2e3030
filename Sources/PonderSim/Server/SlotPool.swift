import Synchronization

/// A fixed number of request slots with a FIFO queue beyond them.
///
/// Cancellation-safe: a waiter whose task is cancelled (its client went away) leaves the queue at once,
/// and a slot is handed straight to the next waiter when released.
final class SlotPool: Sendable {
    private struct State {
        var free: Int
        var queue: [UInt64] = []
        var head = 0
        var waiting: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var cancelledEarly: Set<UInt64> = []
        var nextID: UInt64 = 0

        mutating func compact() {
            if head > 256, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
        }
    }

    private let state: Mutex<State>

    init(slots: Int) { state = Mutex(State(free: slots)) }

    /// Waits for a slot; the lease gives it back when released or dropped.
    func acquire() async throws -> SlotLease {
        let id: UInt64? = state.withLock { state in
            if state.free > 0 {
                state.free -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return SlotLease(pool: self) }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if state.free > 0 {
                        state.free -= 1
                        return .success(())
                    }
                    state.queue.append(id)
                    state.waiting[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let continuation = state.withLock { state in
                if let continuation = state.waiting.removeValue(forKey: id) { return Optional(continuation) }
                state.cancelledEarly.insert(id)
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
        return SlotLease(pool: self)
    }

    fileprivate func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            while state.head < state.queue.count {
                let id = state.queue[state.head]
                state.head += 1
                if let continuation = state.waiting.removeValue(forKey: id) {
                    state.compact()
                    return continuation
                }
            }
            state.compact()
            state.free += 1
            return nil
        }
        next?.resume()
    }

    /// Slots free now and requests waiting.
    var load: (free: Int, waiting: Int) { state.withLock { ($0.free, $0.waiting.count) } }
}

/// A held slot; released once, explicitly or when the last reference goes away.
final class SlotLease: Sendable {
    private let pool: SlotPool
    private let released = Atomic(false)

    fileprivate init(pool: SlotPool) { self.pool = pool }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { pool.release() }
    }

    deinit { release() }
}
