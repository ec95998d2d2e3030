import Foundation
import PonderCore
import PonderSandbox

/// Grades code by running the row's tests against it in the ``Sandbox``: the solution's last fenced
/// Python block is saved as `solution.py`, the row's `tests` as `solution_test.py`, and
/// `python3 solution_test.py` must exit 0.
///
/// The canonical answer is the code itself (trimmed), so identical programs count as one answer for
/// maj@k. A sandbox that cannot be set up is a ``GradingError``, never a silent wrong (nor an
/// unsandboxed run).
public struct CodeGrader: AnswerGrader {
    public var sandbox: Sandbox
    public var limits: SandboxLimits

    public static let solutionFile = "solution.py"
    public static let testFile = "solution_test.py"

    public init(sandbox: Sandbox = Sandbox(), limits: SandboxLimits = SandboxLimits(wallTime: .seconds(10))) {
        self.sandbox = sandbox
        self.limits = limits
    }

    public func grade(_ response: GradedResponse, against reference: GradingReference) async throws -> Grade {
        let code = CodeBlockExtractor.lastBlock(in: response.text, language: "python")?.code
        let task = ProgrammaticVerifier.CodeTask(
            command: ["python3", Self.testFile], solutionFileName: Self.solutionFile,
            testFiles: [SandboxFile(path: Self.testFile, text: reference.tests ?? "")])
        let verifier = ProgrammaticVerifier(mode: .codeTask(task), sandbox: sandbox, limits: limits)
        let outcome: OutcomeScore
        do {
            outcome = try await verifier.score(
                Problem(id: reference.problemID, question: reference.question), solution: response.text)
        } catch let error as ProgrammaticVerifierError {
            throw GradingError(message: "\(error)")
        }
        let canonical = code?.trimmingCharacters(in: .whitespacesAndNewlines)
        return Grade(
            correct: outcome.score >= 1, score: outcome.score, answerCanonical: canonical?.isEmpty == false ? canonical : nil,
            referenceCanonical: nil, detail: outcome.details)
    }
}
