import PonderEval
import Testing

@Suite struct ProgressLineTests {
    private func tally(done: Int, correct: Int, total: Int = 100, elapsed: Double = 20, tokens: Int = 58_200) -> RunTally {
        var tally = RunTally(total: total)
        tally.done = done
        tally.correct = correct
        tally.tokens = tokens
        tally.elapsed = elapsed
        return tally
    }

    @Test func barShowsCountRateETAAccuracyAndTokens() {
        let line = ProgressLine.bar(tally(done: 45, correct: 32), width: 100)
        #expect(line.hasPrefix("["))
        #expect(line.contains("45/100") && line.contains("2.3/s") && line.contains("ETA 0:24"))
        #expect(line.contains("acc 71.1%") && line.contains("tok 58.2k"))
        #expect(line.count <= 100)
    }

    @Test func barBeforeAnyResultHasNoRateYet() {
        let line = ProgressLine.bar(tally(done: 0, correct: 0, elapsed: 0, tokens: 0), width: 80)
        #expect(line.contains("0/100") && line.contains("–/s") && line.contains("acc –"))
    }

    @Test func logLineIsPlainText() {
        #expect(ProgressLine.log(tally(done: 45, correct: 32))
            == "progress 45/100 (45.0%), 2.3/s, ETA 0:24, accuracy 71.1%, tokens 58.2k, elapsed 0:20")
    }

    @Test func formats() {
        #expect(ProgressLine.clock(3725) == "1:02:05" && ProgressLine.clock(7) == "0:07")
        #expect(ProgressLine.compact(950) == "950" && ProgressLine.compact(3_100_000) == "3.1M")
    }

    @Test func reporterWritesNotesAboveTheBar() {
        let output = Output()
        let reporter = ProgressReporter(total: 2, style: .bar(width: 60), write: { output.append($0) })
        reporter.note("hello")
        reporter.finish()
        let text = output.text
        #expect(text.hasPrefix("hello\n") && text.contains("0/2") && text.hasSuffix("\n"))
    }
}

/// Collects what a reporter writes.
final class Output: @unchecked Sendable {
    private var parts: [String] = []
    private let lock = NSLock()
    func append(_ part: String) { lock.withLock { parts.append(part) } }
    var text: String { lock.withLock { parts.joined() } }
}

import class Foundation.NSLock
