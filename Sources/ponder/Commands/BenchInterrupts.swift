import Dispatch
import PonderBench
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during a benchmark that starts servers of its own (the sim, the daemon,
/// optillm): they lead process groups of their own, which a terminal's interrupt does not reach, so
/// they are stopped here before the benchmark exits, instead of being left running on their ports.
final class BenchInterrupts {
    private let sources: [any DispatchSourceSignal]
    /// Set once a signal came: the servers are being stopped and the process exits when they are.
    private static let stopping = Atomic(false)

    /// Whether the benchmark is being stopped by a signal. A failure the stopping itself causes (a
    /// server that was still starting ends) is then not the benchmark's error to report.
    static var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Handles the signals from now until the process exits.
    init() {
        var made: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                Self.stopping.store(true, ordering: .releasing)
                FileHandleWriter.standardError("\nstopping the benchmark's servers…\n")
                ChildProcess.stopAll()
                exit(128 + signalNumber)
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }
}
