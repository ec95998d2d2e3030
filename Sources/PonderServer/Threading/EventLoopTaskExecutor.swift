import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// A task started from a channel handler would otherwise run on the global concurrency pool, so every
/// request would hop threads several times: the bytes arrive on the connection's event loop, the task
/// resumes on the pool, the answer is written back on the loop. With this executor as the task's
/// preference the request stays on its connection's loop, where its reads and writes happen anyway.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
