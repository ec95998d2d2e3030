import Synchronization

/// The task answering a connection's current request, shared by the connection's handler (which starts
/// and cancels it) and the connection's lifetime task (which waits for it, so a server that drains
/// does not finish while an answer is still being made).
final class AnswerInFlight: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    func start(_ answer: Task<Void, Never>) {
        task.withLock { $0 = answer }
    }

    func cancel() {
        task.withLock { $0?.cancel() }
    }

    /// Returns once the latest answer has finished (at once if there is none).
    func finish() async {
        await task.withLock { $0 }?.value
    }
}
