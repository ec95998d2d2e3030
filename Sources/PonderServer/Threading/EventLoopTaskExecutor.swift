import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// Hummingbird runs each connection's handler on the global concurrency pool, so every request hopped
/// threads several times: the bytes arrive on the connection's event loop, the handler resumes on the
/// pool, the answer is written back on the loop. With this executor as the handler's preference the
/// request stays on its connection's loop, where its reads and writes happen anyway.
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
