import NIOCore
import Synchronization

/// Calls started together by one task and awaited by it together: a fan-out of single-choice requests
/// then costs one waiting task, instead of a child task (and its stack of async frames) per call.
///
/// Each call fills a slot (`LeanHTTPClient.start(_:body:deadline:responseLimit:in:slot:)`). `next()`
/// suspends until at least one call has finished, and hands over every call finished since the last
/// look, so the caller can retry a failed one at once rather than after the slowest. Cancelling the
/// waiting task cancels every call of the batch; each then finishes with `CancellationError`.
final class LeanBatch: Sendable {
    struct Finished: Sendable {
        let slot: Int
        let result: Result<LeanResponse, any Error>
    }

    private struct State {
        var unfinished = 0
        var finished: [Finished]
        var waiter: UnsafeContinuation<Void, Never>?
        var calls: [(exchange: LeanExchange, pool: LeanHostPool)]
        var isCancelled = false
    }

    private let state: Mutex<State>

    /// `capacity`: the calls expected, to size the batch's lists once.
    init(capacity: Int) {
        var finished: [Finished] = []
        finished.reserveCapacity(capacity)
        var calls: [(exchange: LeanExchange, pool: LeanHostPool)] = []
        calls.reserveCapacity(capacity)
        state = Mutex(State(finished: finished, calls: calls))
    }

    /// A call of this batch is on its way; cancelled at once if the batch already is.
    func add(_ exchange: LeanExchange, pool: LeanHostPool) {
        let cancelled = state.withLock { state in
            state.unfinished += 1
            state.calls.append((exchange, pool))
            return state.isCancelled
        }
        if cancelled { exchange.cancel(in: pool) }
    }

    /// A call that fails before it is sent (its request could not be written).
    func fail(slot: Int, with error: any Error) {
        state.withLock { $0.unfinished += 1 }
        finished(slot, .failure(error))
    }

    /// A call of the batch finished (once per call).
    func finished(_ slot: Int, _ result: Result<LeanResponse, any Error>) {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.unfinished -= 1
            state.finished.append(Finished(slot: slot, result: result))
            // Each exchange holds its batch: the list that holds them back goes once none is left to
            // cancel, so neither outlives the fan-out.
            if state.unfinished == 0 { state.calls.removeAll() }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The calls finished since the last look, waiting for one if none has; empty only when no call is
    /// left unfinished. `done` once every call started has finished.
    func next() async -> (finished: [Finished], done: Bool) {
        if let ready = takeFinished() { return ready }
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.finished.isEmpty || state.unfinished == 0 { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            cancel()
        }
        return takeFinished() ?? ([], false)
    }

    private func takeFinished() -> (finished: [Finished], done: Bool)? {
        state.withLock { state in
            guard !state.finished.isEmpty || state.unfinished == 0 else { return nil }
            defer { state.finished = [] }
            return (state.finished, state.unfinished == 0)
        }
    }

    /// Cancels every call not finished yet, and any added later.
    func cancel() {
        let calls = state.withLock { state in
            state.isCancelled = true
            return state.calls
        }
        for call in calls { call.exchange.cancel(in: call.pool) }
    }
}
