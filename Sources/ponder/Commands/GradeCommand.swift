import ArgumentParser
import Foundation
import PonderEval

/// `ponder grade`: grades gold/prediction pairs offline with the graders `ponder run` uses.
struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade {\"gold\", \"prediction\"} JSONL rows; print {\"equivalent\", \"gold_canonical\", \"prediction_canonical\"} per row.",
        discussion: """
            Optional input fields: id (copied to the output), question, tests (for --grader code). A null \
            prediction is no answer (never equivalent).
            """)

    @Option(help: ArgumentHelp("The pairs, JSONL; - reads stdin.", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("math, exact, numeric[:tol], regex, code or command:CMD.", valueName: "grader"))
    var grader = "math"

    @Flag(help: "Predictions are whole solutions: extract the final answer first (\\boxed{}, \"the answer is\", last number).")
    var extract = false

    func validate() throws {
        do {
            _ = try GraderSpec(parsing: grader)
        } catch {
            throw ValidationError("--grader: \(error)")
        }
    }

    func run() async throws {
        try await CommandErrors.reported {
            let text: String
            if input == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                do {
                    text = try String(contentsOfFile: input, encoding: .utf8)
                } catch {
                    throw DatasetError.unreadable(file: input, reason: "cannot read it as UTF-8 text")
                }
            }
            let grading = PairGrading(grader: try GraderSpec(parsing: grader), extract: extract)
            let verdicts: [PairGrading.Verdict]
            do {
                verdicts = try await grading.grade(jsonl: text)
            } catch let bad as BadRow {
                throw DatasetError.badRows(file: input, rows: [bad])
            }
            FileHandleWriter.standardOutput(try verdicts.map { try PairGrading.jsonLine($0) + "\n" }.joined())
        }
    }
}
