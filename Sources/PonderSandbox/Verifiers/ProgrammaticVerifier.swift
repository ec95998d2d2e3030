import PonderCore

/// Scores a solution by running code in the ``Sandbox``: 1 when the check passes, 0 when it fails, with
/// the sandbox's reason (and the tail of the program's output) in the details. No model is called, so the
/// usage is `Usage(calls: 0)`.
///
/// Two modes:
/// - ``Mode/check(_:)``: a check command receives the solution text (on stdin or as a file) and judges
///   it: exit status 0 scores 1, anything else 0. Optionally the last line of its stdout is a number in
///   [0, 1] that becomes the score.
/// - ``Mode/codeTask(_:)``: the last fenced code block of the solution is written to a file next to the
///   task's test files, and the test command (e.g. `python3 solution_test.py`) is run; it passes when it
///   exits 0.
///
/// The program also gets the problem: its id in `PONDER_PROBLEM_ID` and its question in the file
/// `ponder_problem.txt`.
///
/// When the sandbox cannot be set up, ``scoreSolution(_:solution:)`` throws
/// ``ProgrammaticVerifierError/sandboxUnavailable(_:)`` instead of scoring: a broken sandbox must not pass
/// for a wrong solution (nor run it unsandboxed).
public struct ProgrammaticVerifier: OutcomeScorer {
    public enum SolutionInput: Sendable, Hashable {
        case stdin
        /// A file of this name in the working directory.
        case file(String)
    }

    /// A command that judges the solution text.
    public struct Check: Sendable, Hashable {
        public var command: [String]
        public var solutionInput: SolutionInput
        /// Files the check needs (its script, reference data…).
        public var files: [SandboxFile]
        /// Read the score from the last non-empty stdout line when the check exits 0 and that line is a
        /// number; a number outside [0, 1] scores 0.
        public var scoreFromLastLine: Bool

        public init(
            command: [String], solutionInput: SolutionInput = .stdin, files: [SandboxFile] = [],
            scoreFromLastLine: Bool = false
        ) {
            self.command = command
            self.solutionInput = solutionInput
            self.files = files
            self.scoreFromLastLine = scoreFromLastLine
        }
    }

    /// Runs the solution's code against tests.
    public struct CodeTask: Sendable, Hashable {
        /// The test command, e.g. `["python3", "solution_test.py"]` or `["python3", "-m", "pytest", "-q"]`.
        public var command: [String]
        /// Where the extracted code is written, e.g. `solution.py`.
        public var solutionFileName: String
        /// The tests and anything else they need. They win over the solution file on a name clash.
        public var testFiles: [SandboxFile]
        /// Prefer the last block tagged with this language (or untagged); `nil` takes the last block.
        public var language: String?

        public init(
            command: [String], solutionFileName: String = "solution.py", testFiles: [SandboxFile] = [],
            language: String? = "python"
        ) {
            self.command = command
            self.solutionFileName = solutionFileName
            self.testFiles = testFiles
            self.language = language
        }
    }

    public enum Mode: Sendable, Hashable {
        case check(Check)
        case codeTask(CodeTask)
    }

    public var mode: Mode
    public var sandbox: Sandbox
    public var limits: SandboxLimits
    /// Files that depend on the problem (e.g. its unit tests), added to the mode's files.
    public var problemFiles: @Sendable (Problem) -> [SandboxFile]
    /// How much of the program's output the details quote on failure.
    public var detailOutputBytes: Int

    public init(
        mode: Mode, sandbox: Sandbox = Sandbox(), limits: SandboxLimits = SandboxLimits(),
        problemFiles: @escaping @Sendable (Problem) -> [SandboxFile] = { _ in [] }, detailOutputBytes: Int = 800
    ) {
        self.mode = mode
        self.sandbox = sandbox
        self.limits = limits
        self.problemFiles = problemFiles
        self.detailOutputBytes = detailOutputBytes
    }

    public func scoreSolution(_ problem: Problem, solution: String) async throws -> ScorerOutput<OutcomeScore> {
        let score = try await score(problem, solution: solution)
        return ScorerOutput(value: score, usage: Usage(calls: 0))
    }

    /// The score alone.
    public func score(_ problem: Problem, solution: String) async throws -> OutcomeScore {
        var files = [SandboxFile(path: "ponder_problem.txt", text: problem.question)]
        let command: [String]
        var stdin: [UInt8] = []
        var scoreFromLastLine = false
        switch mode {
        case .check(let check):
            command = check.command
            scoreFromLastLine = check.scoreFromLastLine
            switch check.solutionInput {
            case .stdin: stdin = Array(solution.utf8)
            case .file(let name): files.append(SandboxFile(path: name, text: solution))
            }
            files += check.files
        case .codeTask(let task):
            guard let block = CodeBlockExtractor.lastBlock(in: solution, language: task.language) else {
                return OutcomeScore(score: 0, details: "failed: no fenced code block in the solution")
            }
            command = task.command
            files.append(SandboxFile(path: task.solutionFileName, text: block.code))
            files += task.testFiles
        }
        files += problemFiles(problem)

        let result = await sandbox.run(
            command, stdin: stdin, files: files, limits: limits, environment: ["PONDER_PROBLEM_ID": problem.id])
        switch result.outcome {
        case .sandboxUnavailable(let reason):
            throw ProgrammaticVerifierError.sandboxUnavailable(reason)
        case .cancelled:
            throw CancellationError()
        case .exited(0):
            let timing = "\(Format.duration(roundedToMilliseconds(result.wallTime)))"
            if scoreFromLastLine, let line = Self.lastLine(of: result.stdout), let value = Double(line) {
                guard value >= 0, value <= 1, value.isFinite else {
                    return OutcomeScore(score: 0, details: "failed: the check printed score \(line), outside [0, 1]")
                }
                return OutcomeScore(score: value, details: "check scored \(line) (exited with status 0 in \(timing))")
            }
            return OutcomeScore(score: 1, details: "passed (exited with status 0 in \(timing))")
        default:
            var details = "failed: \(result.reason)"
            let tail = outputTail(result)
            if !tail.isEmpty { details += "\n" + tail }
            return OutcomeScore(score: 0, details: details)
        }
    }

    /// The end of stderr (and of stdout when stderr says little), for the details.
    func outputTail(_ result: SandboxResult) -> String {
        var parts: [String] = []
        let stderr = result.stderr.trimmingSpaces
        let stdout = result.stdout.trimmingSpaces
        if !stderr.isEmpty { parts.append("stderr: " + Self.tail(stderr, bytes: detailOutputBytes)) }
        if !stdout.isEmpty, stderr.utf8.count < detailOutputBytes / 2 {
            parts.append("stdout: " + Self.tail(stdout, bytes: detailOutputBytes / 2))
        }
        return parts.joined(separator: "\n")
    }

    static func tail(_ text: String, bytes: Int) -> String {
        let utf8 = Array(text.utf8)
        guard utf8.count > bytes else { return text }
        return "…" + String(decoding: utf8.suffix(bytes), as: UTF8.self)
    }

    static func lastLine(of text: String) -> String? {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.last { !$0.isEmpty }
    }

    private func roundedToMilliseconds(_ duration: Duration) -> Duration {
        .milliseconds(duration.inMilliseconds.rounded())
    }
}

public enum ProgrammaticVerifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sandbox could not be set up; the solution was not run.
    case sandboxUnavailable(String)

    public var description: String {
        switch self {
        case .sandboxUnavailable(let reason): return "sandbox unavailable: \(reason)"
        }
    }
}
