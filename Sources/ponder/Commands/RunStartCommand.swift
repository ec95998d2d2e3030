import ArgumentParser
import PonderEngine
import PonderEval
import PonderSim

#if canImport(Glibc)
import Glibc
#endif

/// `ponder run [start]`: parses the flags, loads the dataset, starts the engine (over the embedded sim
/// with `--sim`), and hands everything to `BatchRun`.
struct RunStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Run a strategy preset over a problem set and store every answer, grade, candidate and trace.",
        discussion: """
            The dataset is JSONL or CSV with `id`, the question (`question`, `prompt` or chat `messages`), the \
            reference `answer`, and optional `task`, `difficulty`, `grader` (overrides --grader for the row; not \
            command:) and `tests` (for the code grader). Each problem is solved once per seed 0..<--seeds; each \
            finished problem is committed at once, so an interrupted run loses nothing and --resume goes on where \
            it stopped. Ctrl-C stops starting new problems; a second Ctrl-C quits at once.
            """)

    @Option(help: ArgumentHelp("The problem set: JSONL or CSV.", valueName: "file"))
    var dataset: String

    @Option(help: ArgumentHelp("The strategy preset (see `ponder strategies`).", valueName: "preset"))
    var strategy: String

    @Option(help: ArgumentHelp("The run store to write (SQLite).", valueName: "run.sqlite"))
    var out: String

    @OptionGroup var endpoint: EndpointOptions

    @OptionGroup var embedded: EmbeddedSimOptions

    @Option(help: "Problems in flight at once.")
    var concurrency = 8

    @Option(help: "Solve each problem once per seed 0..<N.")
    var seeds = 1

    @Option(help: "Only the first N rows of the dataset.")
    var limit: Int?

    @Flag(help: "Continue the run in --out: skip recorded problem × seed pairs (the settings must match).")
    var resume = false

    @Flag(help: "Run the good rows when some are bad (each bad row is reported), instead of stopping.")
    var skipBadRows = false

    @Option(help: ArgumentHelp(
        "How answers are graded: math (equivalence of canonical forms), exact, numeric[:tol], regex (the reference is a pattern), code (the row's tests in the sandbox), command:CMD.",
        valueName: "grader"))
    var grader = "math"

    @Option(help: "Stop starting problems after this many fail (a failed problem is not recorded; --resume retries it).")
    var maxFailures = 10

    @Option(help: ArgumentHelp("Progress display: auto (a bar on a terminal, else log lines), bar, log or off.", valueName: "mode"))
    var progress = "auto"

    @Option(help: "Seconds between progress log lines.")
    var progressInterval: Double = 5

    @OptionGroup var budget: BudgetOptions

    @Option(help: ArgumentHelp(
        "With an auto preset: completion tokens for the whole batch, probe included. Every problem is probed first, then the rest goes where the allocation table says it buys the most accuracy; the total is never exceeded.",
        valueName: "tokens"))
    var tokenBudget: Int?

    @Option(help: "With --token-budget: the share of the tokens left after the probe that the plan keeps in reserve.")
    var reserve = 0.05

    @Flag(help: "With an auto preset: bin each problem by the dataset's own `difficulty` (larger is harder) instead of the probe, as an oracle allocator would.")
    var oracleBins = false

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
        guard (1...10_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 10000") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        guard maxFailures > 0 else { throw ValidationError("--max-failures must be positive") }
        guard ["auto", "bar", "log", "off"].contains(progress) else { throw ValidationError("--progress must be auto, bar, log or off") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
        try embedded.validate(endpoint: endpoint)
        if let tokenBudget, tokenBudget <= 0 { throw ValidationError("--token-budget must be positive") }
        guard (0..<1).contains(reserve) else { throw ValidationError("--reserve must be from 0 to below 1") }
        do {
            _ = try GraderSpec(parsing: grader)
        } catch {
            throw ValidationError("--grader: \(error)")
        }
        _ = try budget.budget()
    }

    func run() async throws {
        let report = try await CommandErrors.reported { () async throws -> BatchRun.Report in
            let spec = try GraderSpec(parsing: grader)
            let dataset = try loadDataset(grader: spec)
            return try await embedded.withEngine(endpoint: endpoint) { engine in
                try await execute(dataset: dataset, grader: spec, engine: engine)
            }
        }
        FileHandleWriter.standardOutput((json ? try jsonText(report.summary) : report.summary.text) + "\n")
        if report.outcome.stoppedByRequest { throw ExitCode(130) }
        if !report.outcome.failures.isEmpty { throw ExitCode.failure }
    }

    private func loadDataset(grader: GraderSpec) throws -> Dataset {
        let dataset = try DatasetReader.read(file: dataset, defaultGrader: grader).checked(skipBadRows: skipBadRows)
        if !dataset.badRows.isEmpty {
            var lines = ["skipping \(dataset.badRows.count) bad row(s) of \(dataset.file):"]
            lines += dataset.badRows.map { "  " + $0.located(in: dataset.file) }
            FileHandleWriter.standardError(lines.joined(separator: "\n") + "\n")
        }
        return dataset
    }

    private func execute(dataset: Dataset, grader: GraderSpec, engine: Engine) async throws -> BatchRun.Report {
        let store = try RunStore.open(at: out)
        let request = BatchRun.Request(
            dataset: dataset, preset: strategy, seeds: seeds, limit: limit, concurrency: concurrency,
            budget: try budget.budget(), grader: grader, resume: resume, maxFailures: maxFailures,
            tokenBudget: tokenBudget, reserve: reserve, oracleBins: oracleBins)
        let stop = StopRequest()
        let interrupts = RunInterrupts(stop: stop)
        defer { interrupts.remove() }
        return try await BatchRun(request: request, engine: engine, store: store).execute(
            progressStyle: progressStyle, write: { FileHandleWriter.standardError($0) }, stop: stop,
            onStart: { interrupts.attach($0) })
    }

    private var progressStyle: ProgressReporter.Style {
        let interval = Duration.milliseconds(Int64(progressInterval * 1000))
        switch progress {
        case "off": return .silent
        case "log": return .log(every: interval)
        case "bar": return .bar(width: Self.terminalWidth)
        default: return isatty(2) == 1 ? .bar(width: Self.terminalWidth) : .log(every: interval)
        }
    }

    private static var terminalWidth: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) - 1 }
        return 99
    }

    private func jsonText(_ summary: RunSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self)
    }
}

import class Foundation.JSONEncoder
