import ArgumentParser
import NIOCore
import NIOPosix

import class Foundation.ProcessInfo

// Run Swift concurrency on the NIO event loops, so a task that awaits I/O resumes on the thread that
// did the I/O instead of hopping to another pool: fewer context switches per backend call.
// PONDER_DEFAULT_EXECUTOR=1 keeps Swift's own executor (for comparison, or if the takeover misbehaves).
if ProcessInfo.processInfo.environment["PONDER_DEFAULT_EXECUTOR"] != "1" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
await Entry.run()

/// Parses the command line and runs the command. Written out (rather than `@main`) so the executor
/// takeover above happens first; inside an async function the commands' async `run()` is the one called.
enum Entry {
    /// `@concurrent`: the commands run on the global executor (the event loops), not on the main actor
    /// of this top-level code, which a nonisolated function would otherwise stay on (SE-0461).
    @concurrent static func run() async {
        do {
            var command = try await Ponder.asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Ponder.exit(withError: error)
        }
    }
}
