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
}
