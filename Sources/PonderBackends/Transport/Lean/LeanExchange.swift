import NIOCore
import NIOHTTP1
import Synchronization

/// One call in flight: the request, its deadline, and who waits for it — the caller's continuation or a
/// slot of a `LeanBatch` — told exactly once.
///
/// Besides the request and response themselves, the exchange is the client's only per-call object. It
/// passes through the host pool (waiting for a connection) to a connection's handler (on the event loop). Cancellation can arrive at any point, so the small
/// state below is locked: `claim` (the pool handing over a connection) and `cancel` decide under the
/// lock who finishes the call, and `finish` resumes the caller only the first time.
final class LeanExchange: Sendable {
    /// The request's method, for the response parser (the answer to a HEAD has no body).
    let method: HTTPMethod
    /// The whole request as it goes on the wire (`LeanRequest.wireBytes`).
    let wire: ByteBuffer
    let deadline: NIODeadline
    let responseLimit: Int
    /// Set for a call of a batch: its result goes to this slot instead of a continuation.
    private let batch: LeanBatch?
    private let slot: Int
    private let state = Mutex(State())

    private struct State {
        var continuation: UnsafeContinuation<LeanResponse, any Error>?
        var connection: LeanConnection?
        /// Fails the exchange at its deadline while it waits for a connection.
        var waitTimer: Scheduled<Void>?
        var isCancelled = false
        var isFinished = false
    }

    init(method: HTTPMethod, wire: ByteBuffer, deadline: NIODeadline, responseLimit: Int, batch: LeanBatch? = nil, slot: Int = 0) {
        self.method = method
        self.wire = wire
        self.deadline = deadline
        self.responseLimit = responseLimit
        self.batch = batch
        self.slot = slot
    }

    /// Stores the caller's continuation; false if the call was cancelled before it began.
    func begin(_ continuation: UnsafeContinuation<LeanResponse, any Error>) -> Bool {
        state.withLock { state in
            if state.isCancelled { return false }
            state.continuation = continuation
            return true
        }
    }

    var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// The pool hands over a connection; false if the call was cancelled or finished meanwhile, in which
    /// case the connection is untouched and goes back to the pool.
    func claim(_ connection: LeanConnection) -> Bool {
        let (claimed, timer) = state.withLock { state -> (Bool, Scheduled<Void>?) in
            guard !state.isCancelled, !state.isFinished else { return (false, nil) }
            state.connection = connection
            defer { state.waitTimer = nil }
            return (true, state.waitTimer)
        }
        timer?.cancel()
        return claimed
    }

    /// The connection handed over was found closed before anything was sent: the exchange goes back to
    /// the pool for another, as if it had never been handed one.
    func unclaim() {
        state.withLock { $0.connection = nil }
    }

    /// Bounds the wait for a connection by the deadline (only callers that queue pay for a timer).
    func armWaitTimer(on eventLoop: any EventLoop, pool: LeanHostPool) {
        let timer = eventLoop.scheduleTask(deadline: deadline) { [self] in
            if pool.removeWaiter(self) { self.finish(.failure(LeanHTTPError.deadlineExceeded)) }
        }
        let keep = state.withLock { state -> Bool in
            guard state.connection == nil, !state.isFinished else { return false }
            state.waitTimer = timer
            return true
        }
        if !keep { timer.cancel() }
    }

    /// The calling task was cancelled: fail fast wherever the call is.
    func cancel(in pool: LeanHostPool) {
        let connection = state.withLock { state -> LeanConnection? in
            guard !state.isFinished else { return nil }
            state.isCancelled = true
            return state.connection
        }
        if let connection {
            // Running on a connection: its handler fails the call and closes the connection.
            connection.interrupt(self)
        } else if pool.removeWaiter(self) {
            finish(.failure(CancellationError()))
        }
        // Otherwise it has not begun (`begin` refuses it), or the pool is handing it a connection right
        // now (`claim` refuses it and the pool finishes it), or it is not queued yet (the pool checks
        // `isCancelled` after queuing it).
    }

    /// Resumes the caller (or fills the batch's slot), the first time only.
    func finish(_ result: Result<LeanResponse, any Error>) {
        let (first, continuation, timer) = state.withLock { state -> (Bool, UnsafeContinuation<LeanResponse, any Error>?, Scheduled<Void>?) in
            guard !state.isFinished else { return (false, nil, nil) }
            state.isFinished = true
            defer {
                state.continuation = nil
                state.connection = nil
                state.waitTimer = nil
            }
            return (true, state.continuation, state.waitTimer)
        }
        timer?.cancel()
        if let batch {
            if first { batch.finished(slot, result) }
        } else {
            continuation?.resume(with: result)
        }
    }
}
