import NIOCore
import NIOPosix
@testable import PonderServer
import Testing

/// A task that prefers an `EventLoopTaskExecutor` runs on that event loop, child tasks included.
@Suite struct EventLoopTaskExecutorTests {
    @Test func preferredTasksRunOnTheEventLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loop = group.next()
        let onLoop = await withTaskExecutorPreference(EventLoopTaskExecutor(loop)) {
            var seen = [loop.inEventLoop]
            try? await Task.sleep(for: .milliseconds(5))
            seen.append(loop.inEventLoop)
            await withTaskGroup(of: Bool.self) { children in
                for _ in 0..<4 { children.addTask { loop.inEventLoop } }
                for await child in children { seen.append(child) }
            }
            return seen
        }
        #expect(onLoop == Array(repeating: true, count: 6), "\(onLoop)")
        let elsewhere = await Task.detached { loop.inEventLoop }.value
        #expect(!elsewhere, "without the preference, the pool runs it")
        try await group.shutdownGracefully()
    }

    @Test func connectionsOnOneLoopShareItsExecutorAndTasksOnItRunThere() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let (first, second) = (group.next(), group.next())
        let executors = LoopExecutors()
        #expect(executors.executor(for: first) === executors.executor(for: first))
        #expect(executors.executor(for: first) !== executors.executor(for: second))
        #expect(executors.executor(for: second).eventLoop === second)
        // Tasks from many connections queued on one loop's executor all run, each on that loop.
        let shared = executors.executor(for: second)
        let ranOnLoop = await withTaskGroup(of: Bool.self) { tasks in
            for _ in 0..<64 {
                tasks.addTask {
                    await Task(executorPreference: shared) {
                        try? await Task.sleep(for: .milliseconds(1))
                        return second.inEventLoop
                    }.value
                }
            }
            var all: [Bool] = []
            for await ran in tasks { all.append(ran) }
            return all
        }
        #expect(ranOnLoop == Array(repeating: true, count: 64))
        try await group.shutdownGracefully()
    }
}
