import NIOCore
import Synchronization

/// One `EventLoopTaskExecutor` per event loop, shared by all the connections on that loop.
///
/// A connection's answer resumes whenever one of its backend calls completes; with an executor per
/// connection each resumption was a batch of its own (a closure handed to the loop, and the loop's
/// task queue touched, per backend call). Shared, the jobs that become ready on a loop during one of
/// its turns run as one batch. The jobs ran on that loop's thread either way.
final class LoopExecutors: Sendable {
    private let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])

    func executor(for loop: any EventLoop) -> EventLoopTaskExecutor {
        executors.withLock { executors in
            if let known = executors[ObjectIdentifier(loop)] { return known }
            let made = EventLoopTaskExecutor(loop)
            executors[ObjectIdentifier(loop)] = made
            return made
        }
    }
}
