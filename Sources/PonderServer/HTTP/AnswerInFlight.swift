import Synchronization

/// The task answering a connection's requests, shared by the connection's handler (which starts
/// and cancels it) and the connection's lifetime task (which waits for it, so a server that drains
/// does not finish while an answer is still being made). It ends when the connection closes, or idles
/// (`ConnectionTimeouts.answererKeep`); the next request then starts another.
final class AnswerInFlight: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let started = Atomic<Int>(0)
    private let endedCount = Atomic<Int>(0)

    func start(_ answer: Task<Void, Never>) {
        started.wrappingAdd(1, ordering: .relaxed)
        task.withLock { $0 = answer }
    }

    /// How many answering tasks the connection has started.
    var tasksStarted: Int { started.load(ordering: .relaxed) }

    /// Called by an answering task as it returns.
    func ended() {
        endedCount.wrappingAdd(1, ordering: .relaxed)
    }

    /// How many of the connection's answering tasks have returned.
    var tasksEnded: Int { endedCount.load(ordering: .relaxed) }

    func cancel() {
        task.withLock { $0?.cancel() }
    }

    /// Returns once the latest answer has finished (at once if there is none).
    func finish() async {
        await task.withLock { $0 }?.value
    }
}
