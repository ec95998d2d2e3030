import Dispatch
import PonderEval
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during `ponder run`: the first stops scheduling (problems in flight finish and
/// are recorded); the second quits at once — every finished problem is already committed — and stops
/// the command graders still running.
final class RunInterrupts: Sendable {
    private let stop: StopRequest
    private let presses = Mutex(0)
    private let progress = Mutex<ProgressReporter?>(nil)
    private let sources: Mutex<[any DispatchSourceSignal]>

    init(stop: StopRequest) {
        self.stop = stop
        var made: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            made.append(DispatchSource.makeSignalSource(signal: signalNumber, queue: .global()))
        }
        self.sources = Mutex(made)
        sources.withLock { sources in
            for source in sources {
                source.setEventHandler { [weak self] in self?.received() }
                source.resume()
            }
        }
    }

    /// Where to say "stopping…", once the run has a progress display.
    func attach(_ reporter: ProgressReporter) {
        progress.withLock { $0 = reporter }
    }

    /// Puts the default handlers back.
    func remove() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources = []
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private func received() {
        let count = presses.withLock { value in
            value += 1
            return value
        }
        if count == 1 {
            stop.request()
            let reporter = progress.withLock { $0 }
            let message = "stopping: no new problems start; waiting for those in flight (interrupt again to quit now)"
            if let reporter { reporter.note(message) } else { FileHandleWriter.standardError(message + "\n") }
        } else {
            FileHandleWriter.standardError("\nquitting; every finished problem is recorded (resume with --resume)\n")
            // Command graders run in process groups of their own, out of the terminal's reach.
            RunningCommands.shared.stopAll()
            exit(130)
        }
    }
}
