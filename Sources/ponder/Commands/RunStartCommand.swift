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

    @Flag(help: "Start the simulated reasoning model in-process and run against it (instead of --endpoint/--config).")
    var sim = false

    @Option(help: "Seed of the embedded sim (with --sim).")
    var simSeed: UInt64 = 0

    @Option(help: "Decode speed of the embedded sim in tokens/s per request, 0 = instant (with --sim).")
    var simTokensPerSecond: Double = 0

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

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
        guard (1...10_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 10000") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        guard maxFailures > 0 else { throw ValidationError("--max-failures must be positive") }
        guard ["auto", "bar", "log", "off"].contains(progress) else { throw ValidationError("--progress must be auto, bar, log or off") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
        if sim, !endpoint.endpoints.isEmpty || endpoint.config != nil {
            throw ValidationError("--sim runs against the embedded sim: give it without --endpoint or --config")
        }
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
            let runningSim = sim ? try await SimServer.start(SimConfiguration(seed: simSeed, tokensPerSecond: simTokensPerSecond)) : nil
            do {
                let report = try await execute(dataset: dataset, grader: spec, simURL: runningSim?.baseURL)
                await runningSim?.stop()
                return report
            } catch {
                await runningSim?.stop()
                throw error
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

    private func execute(dataset: Dataset, grader: GraderSpec, simURL: String?) async throws -> BatchRun.Report {
        let configuration = if let simURL {
            try PonderConfiguration.singleEndpoint(urls: [simURL], model: endpoint.model)
        } else {
            try PonderConfiguration.resolve(endpoint.source)
        }
        let engine = try await Engine.start(configuration: configuration)
        let store = try RunStore.open(at: out)
        let request = BatchRun.Request(
            dataset: dataset, preset: strategy, seeds: seeds, limit: limit, concurrency: concurrency,
            budget: try budget.budget(), grader: grader, resume: resume, maxFailures: maxFailures)
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
