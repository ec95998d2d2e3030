import PonderEval
import PonderSandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The code grader runs tests in the sandbox, which needs root (CI runs as root); elsewhere these
/// tests are skipped rather than failed. They run as uid 65533, not `nobody`: the sandbox's own tests
/// count `nobody`'s processes and run at the same time as these.
@Suite(.serialized, .enabled(if: getuid() == 0, "the sandbox needs root"))
struct CodeGraderTests {
    static let tests = """
        from solution import add
        assert add(2, 3) == 5, "add(2, 3) should be 5"
        assert add(-1, 1) == 0
        """

    private let reference = GradingReference(problemID: "add", question: "Write add(a, b).", answer: nil, tests: Self.tests)
    private let grader = CodeGrader(
        sandbox: Sandbox(configuration: SandboxConfiguration(userID: 65533, groupID: 65533)),
        limits: SandboxLimits(wallTime: .seconds(5), memoryBytes: 256 * SandboxLimits.mebibyte))

    @Test func passingCodeIsCorrect() async throws {
        let text = "Here:\n```python\ndef add(a, b):\n    return a + b\n```\n"
        let grade = try await grader.grade(GradedResponse(text: text, answer: nil), against: reference)
        #expect(grade.correct, "\(grade.detail ?? "")")
        #expect(grade.answerCanonical == "def add(a, b):\n    return a + b")
    }

    @Test func failingCodeIsWrongWithTheFailureInTheDetail() async throws {
        let text = "```python\ndef add(a, b):\n    return a * b\n```"
        let grade = try await grader.grade(GradedResponse(text: text, answer: nil), against: reference)
        #expect(!grade.correct)
        #expect(grade.detail?.contains("add(2, 3) should be 5") == true, "\(grade.detail ?? "")")
    }

    @Test func noCodeIsWrong() async throws {
        let grade = try await grader.grade(GradedResponse(text: "I think it is a + b.", answer: nil), against: reference)
        #expect(!grade.correct && grade.answerCanonical == nil)
    }
}
