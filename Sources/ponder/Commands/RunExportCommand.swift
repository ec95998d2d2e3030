import ArgumentParser
import Foundation
import PonderEval

/// `ponder run export RUN.sqlite`: the store's per-problem rows in the interchange format.
struct RunExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run store's per-problem rows as JSONL or CSV (the format `ponder compare` reads).",
        discussion: """
            One row per problem × seed: strategy (the preset), problem_id, task, run (the seed), score (1 correct, \
            0 not), tokens (prompt + completion), latency_ms, answer.
            """)

    @Argument(help: ArgumentHelp("The run store.", valueName: "run.sqlite"))
    var store: String

    @Option(help: "jsonl or csv.")
    var format = "jsonl"

    @Option(help: ArgumentHelp("Write here instead of stdout.", valueName: "file"))
    var out: String?

    func validate() throws {
        guard ResultExport.Format(rawValue: format) != nil else { throw ValidationError("--format must be jsonl or csv") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let rows = try RunStore.openExisting(at: store).resultRows()
            let text = try ResultExport.text(rows, format: ResultExport.Format(rawValue: format) ?? .jsonl)
            if let out {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } else {
                FileHandleWriter.standardOutput(text)
            }
        }
    }
}
