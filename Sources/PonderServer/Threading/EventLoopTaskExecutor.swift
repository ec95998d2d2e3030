import NIOCore
import Synchronization

/// Runs a task's jobs on one NIO event loop.
///
/// A task started from a channel handler would otherwise run on the global concurrency pool, so every
/// request would hop threads several times: the bytes arrive on the connection's event loop, the task
/// resumes on the pool, the answer is written back on the loop. With this executor as the task's
/// preference the request stays on its connection's loop, where its reads and writes happen anyway.
///
/// Jobs wait in the executor's own queue, and the loop is handed one closure per batch that captures
/// nothing but the executor: a closure per job (what `eventLoop.execute { job.run… }` makes) would be
/// an allocation for every task start and every resumption, several per backend call.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let queue = Mutex(JobQueue())

    private struct JobQueue {
        var jobs: [UnownedJob] = []
        /// The array last drained, emptied, kept for its capacity.
        var spare: [UnownedJob] = []
        var drainScheduled = false
    }

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let scheduleDrain = queue.withLock { queue -> Bool in
            queue.jobs.append(job)
            defer { queue.drainScheduled = true }
            return !queue.drainScheduled
        }
        if scheduleDrain { eventLoop.execute { self.drain() } }
    }

    /// Runs the jobs queued so far; jobs they enqueue go to the next batch.
    private func drain() {
        var batch = queue.withLock { queue -> [UnownedJob] in
            queue.drainScheduled = false
            let batch = queue.jobs
            queue.jobs = queue.spare
            queue.spare = []
            return batch
        }
        for job in batch {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
        batch.removeAll(keepingCapacity: true)
        queue.withLock { queue in
            if queue.spare.capacity < batch.capacity { queue.spare = batch }
        }
    }
}
