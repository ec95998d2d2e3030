import Foundation

/// Grades with an external program, run on this machine with `/bin/sh -c COMMAND` (it is the user's
/// own grader, so it runs with their environment, not in the sandbox).
///
/// Input, never interpolated into the command line: the environment variables `PONDER_GOLD`,
/// `PONDER_PREDICTION` (empty when no answer was extracted) and `PONDER_PROBLEM_ID`, and on stdin one
/// JSON object `{"id", "question", "gold", "prediction", "text"}` (`text`: the whole solution).
///
/// Verdict: exit status 0 is right and 1 is wrong; when the last line of stdout is a number in
/// [0, 1] it becomes the score. Any other status, a signal, or running past the timeout is a
/// ``GradingError`` (a broken grader must not mark answers wrong).
public struct CommandGrader: AnswerGrader {
    public var command: String
    public var timeout: Duration

    public init(command: String, timeout: Duration = .seconds(60)) {
        self.command = command
        self.timeout = timeout
    }

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        let input = CommandGraderInput(
            id: reference.problemID, question: reference.question, gold: reference.answer ?? "",
            prediction: response.answer, text: response.text)
        let environment = [
            "PONDER_GOLD": reference.answer ?? "", "PONDER_PREDICTION": response.answer ?? "",
            "PONDER_PROBLEM_ID": reference.problemID,
        ]
        let run = try await ExternalCommand(command: command, timeout: timeout)
            .run(stdin: try JSONEncoder().encode(input), environment: environment)
        let lastLine = run.stdout.split(whereSeparator: \.isNewline).last.map { $0.trimmingCharacters(in: .whitespaces) }
        let printedScore = lastLine.flatMap(Double.init).flatMap { (0...1).contains($0) ? $0 : nil }
        switch run.status {
        case 0, 1:
            let correct = run.status == 0
            return Grade(
                correct: correct, score: printedScore ?? (correct ? 1 : 0),
                answerCanonical: response.answer.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
                referenceCanonical: reference.answer, detail: lastLine)
        default:
            let stderr = run.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw GradingError(
                message: "'\(command)' exited with status \(run.status) (0 = right, 1 = wrong)"
                    + (stderr.isEmpty ? "" : ": \(stderr.suffix(300))"))
        }
    }
}

/// What a command grader reads on stdin.
struct CommandGraderInput: Encodable {
    var id: String
    var question: String
    var gold: String
    var prediction: String?
    var text: String
}
