import ArgumentParser
import PonderEval

import struct FoundationEssentials.Data
import struct FoundationEssentials.URL

/// `ponder compare`: several runs turned into one honest comparison, printed as tables or written as
/// JSON, CSV files and an HTML report with plots.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare strategies: accuracy with confidence intervals, paired tests, rankings, score against compute.",
        discussion: """
            Reads run stores written by `ponder run` and interchange JSONL files, one row per graded attempt:
              {"strategy", "problem_id", "task"?, "run"?, "score", "tokens"?, "latency_ms"?, "answer"?}
            Rows pair across strategies by (task, problem_id, run). Prints aligned tables unless --json is given.
            """)

    @Argument(help: ArgumentHelp(
        "Run stores written by `ponder run` (a path ending in .jsonl is read as interchange rows); LABEL=PATH names a run's strategy LABEL.",
        valueName: "RUN.sqlite"))
    var stores: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("An interchange JSONL file of result rows; repeat for several.", valueName: "results.jsonl"))
    var inputs: [String] = []

    @Flag(help: "Print the report as JSON (stable keys, sorted, pretty) instead of tables.")
    var json = false

    @Option(help: ArgumentHelp("Also write a self-contained HTML report with plots to this file.", valueName: "report.html"))
    var html: String?

    @Option(help: ArgumentHelp("Also write one CSV file per table into this directory.", valueName: "DIR"))
    var csv: String?

    @Option(help: ArgumentHelp("The compute axis read from run stores: total (prompt + completion) or completion (generated tokens only).", valueName: "axis"))
    var tokens = "total"

    @Option(help: "Bootstrap resamples.")
    var reps = 10_000

    @Option(help: "Seed of the resampling: the same inputs and seed give the same report.")
    var seed: UInt64 = 0

    @Option(name: .customLong("at-tokens"), help: ArgumentHelp("Token budgets to read the best score off the frontier at, e.g. 1000,4000.", valueName: "N,N,..."))
    var atTokens: [String] = []

    @Option(name: .customLong("k"), help: ArgumentHelp("The k of pass@k and maj@k, e.g. 1,4,16 (default: 1 and powers of two up to the samples stored).", valueName: "K,K,..."))
    var ks: [String] = []

    @Flag(help: "Decide which strategies differ with AdaStop, sequentially over runs (seeds).")
    var sequential = false

    @Option(help: "Family-wise error level of --sequential.")
    var alpha = 0.05

    func validate() throws {
        guard !stores.isEmpty || !inputs.isEmpty else { throw ValidationError("give at least one RUN.sqlite or --input results.jsonl") }
        guard reps >= 1 else { throw ValidationError("--reps must be at least 1") }
        guard alpha > 0, alpha < 1 else { throw ValidationError("--alpha must be between 0 and 1") }
        guard TokenAxis(rawValue: tokens) != nil else { throw ValidationError("--tokens must be total or completion") }
        _ = try options()
    }

    func run() async throws {
        try await CommandErrors.reported {
            var input = ComparisonInput()
            for argument in stores {
                let (label, path) = Self.labelAndPath(argument)
                let read = path.hasSuffix(".jsonl")
                    ? ComparisonInput(rows: try InterchangeReader.rows(atPath: path))
                    : try RunStore.comparisonInput(at: path, tokens: TokenAxis(rawValue: tokens) ?? .total)
                input.append(label.map { read.labelled($0) } ?? read)
            }
            for path in inputs { input.append(ComparisonInput(rows: try InterchangeReader.rows(atPath: path))) }
            guard !input.rows.isEmpty else { throw CompareCommandError.noRows(paths: stores + inputs) }

            let report = try ComparisonBuilder(options: try options()).build(input)
            if let csv {
                let written = try CSVRenderer().write(report, toDirectory: csv)
                FileHandleWriter.standardError("wrote \(written.count) CSV files to \(csv)\n")
            }
            if let html {
                try Data(HTMLReportRenderer().render(report).utf8).write(to: URL(filePath: html), options: .atomic)
                FileHandleWriter.standardError("wrote \(html)\n")
            }
            FileHandleWriter.standardOutput(json ? try JSONReportRenderer().render(report) : TerminalTableRenderer().render(report))
        }
    }

    private func options() throws -> CompareOptions {
        CompareOptions(
            reps: reps, seed: seed,
            atTokens: try Self.list(atTokens, flag: "--at-tokens") { Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } },
            sequential: sequential, alpha: alpha,
            ks: try Self.list(ks, flag: "--k") { Int($0).flatMap { $0 > 0 ? $0 : nil } })
    }

    /// `LABEL=PATH` → (LABEL, PATH); a plain path (or one whose `=` comes after a `/`) has no label.
    static func labelAndPath(_ argument: String) -> (label: String?, path: String) {
        guard let equals = argument.firstIndex(of: "="), !argument[..<equals].contains("/"), equals != argument.startIndex else {
            return (nil, argument)
        }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }


    /// Comma-separated values, the flag given once or repeated: `--at-tokens 1000,4000 --at-tokens 16000`.
    private static func list<T>(_ values: [String], flag: String, _ parse: (String) -> T?) throws -> [T] {
        try values.flatMap { $0.split(separator: ",") }.map { item in
            let text = String(item.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard let value = parse(text) else { throw ValidationError("\(flag): \"\(text)\" is not a positive number") }
            return value
        }
    }
}

enum CompareCommandError: Error, CustomStringConvertible {
    case noRows(paths: [String])

    var description: String {
        switch self {
        case .noRows(let paths): "no result rows in \(paths.joined(separator: ", "))"
        }
    }
}
