import NIOCore
import NIOPosix

// Run Swift concurrency on the NIO event loops, so a task that awaits I/O resumes on the thread that
// did the I/O instead of hopping to another pool: fewer context switches per backend call.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await Ponder.main()
