import PonderCore
import Synchronization

/// Shows a batch run's progress on stderr: on a terminal, a live bar redrawn in place; otherwise
/// (a log file, CI) a plain line every few seconds. Notes (a failed problem, "stopping…") are printed
/// above the bar, so the two never garble each other.
///
/// ```swift
/// let progress = ProgressReporter(total: work.count, style: .bar(width: 100), write: writeToStderr)
/// let ticker = Task { await progress.tick() }
/// … progress.record(result) …
/// ticker.cancel(); progress.finish()
/// ```
public final class ProgressReporter: Sendable {
    public enum Style: Sendable {
        case bar(width: Int)
        case log(every: Duration)
        /// Nothing (tests).
        case silent
    }

    private struct State {
        var tally: RunTally
        var barShown = false
    }

    private let style: Style
    private let write: @Sendable (String) -> Void
    private let started = ContinuousClock.now
    private let state: Mutex<State>

    public init(total: Int, style: Style, write: @escaping @Sendable (String) -> Void) {
        self.style = style
        self.write = write
        self.state = Mutex(State(tally: RunTally(total: total)))
    }

    public var tally: RunTally {
        state.withLock { state in
            state.tally.elapsed = seconds(since: started)
            return state.tally
        }
    }

    public func record(_ result: StoredResult) {
        state.withLock { $0.tally.add(result) }
        if case .bar = style { redraw() }
    }

    public func fail(_ key: ProblemSeed, message: String) {
        state.withLock { $0.tally.failed += 1 }
        note("failed: \(key): \(message)")
    }

    /// A line of its own, above the bar.
    public func note(_ text: String) {
        if case .silent = style { return }
        emit { _ in text + "\n" }
    }

    /// Redraws the bar, or writes a log line, on a schedule until cancelled.
    public func tick() async {
        switch style {
        case .silent:
            return
        case .bar:
            while !Task.isCancelled {
                redraw()
                try? await Task.sleep(for: .milliseconds(500))
            }
        case .log(let interval):
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                emit { ProgressLine.log($0) + "\n" }
            }
        }
    }

    /// The last state: the bar completed with a line break, or a final log line.
    public func finish() {
        switch style {
        case .silent:
            return
        case .bar(let width):
            state.withLock { state in
                state.tally.elapsed = seconds(since: started)
                write("\r\u{1B}[2K" + ProgressLine.bar(state.tally, width: width) + "\n")
                state.barShown = false
            }
        case .log:
            emit { ProgressLine.log($0) + "\n" }
        }
    }

    private func redraw() {
        guard case .bar(let width) = style else { return }
        state.withLock { state in
            state.tally.elapsed = seconds(since: started)
            write("\r\u{1B}[2K" + ProgressLine.bar(state.tally, width: width))
            state.barShown = true
        }
    }

    /// Writes `text(tally)` on a clean line, then puts the bar back if it was showing.
    private func emit(_ text: @escaping (RunTally) -> String) {
        state.withLock { state in
            state.tally.elapsed = seconds(since: started)
            var output = state.barShown ? "\r\u{1B}[2K" : ""
            output += text(state.tally)
            if state.barShown, case .bar(let width) = style { output += ProgressLine.bar(state.tally, width: width) }
            write(output)
        }
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).inSeconds
    }
}
