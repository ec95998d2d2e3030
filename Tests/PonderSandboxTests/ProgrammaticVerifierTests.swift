import Foundation
import PonderCore
import PonderSandbox
import Testing

extension SandboxedRuns {
    @Suite("Programmatic verifier")
    struct ProgrammaticVerifierTests {
        let problem = Problem(id: "add-1", question: "Write add(a, b) returning a + b.")

        static let tests = SandboxFile(path: "solution_test.py", text: """
            from solution import add
            assert add(2, 3) == 5, "add(2, 3) should be 5"
            assert add(-1, 1) == 0, "add(-1, 1) should be 0"
            print("all tests passed")
            """)

        func verifier(wall: Duration = .seconds(5)) -> ProgrammaticVerifier {
            ProgrammaticVerifier(
                mode: .codeTask(.init(command: ["python3", "solution_test.py"], testFiles: [Self.tests])),
                sandbox: SandboxTestSupport.sandbox,
                limits: SandboxTestSupport.limits(wall: wall))
        }

        @Test("Passing code scores 1")
        func passing() async throws {
            let solution = """
                Here is my solution:
                ```python
                def add(a, b):
                    return a - b
                ```
                Wait, that subtracts. Fixed:
                ```python
                def add(a, b):
                    return a + b
                ```
                """
            let output = try await verifier().scoreSolution(problem, solution: solution)
            #expect(output.value.score == 1, "\(output.value.details ?? "")")
            #expect(output.value.details?.hasPrefix("passed") == true)
            #expect(output.usage == Usage(calls: 0))
        }

        @Test("Failing code scores 0 with the failure in the details")
        func failing() async throws {
            let solution = "```python\ndef add(a, b):\n    return a * b\n```"
            let output = try await verifier().scoreSolution(problem, solution: solution)
            #expect(output.value.score == 0)
            let details = output.value.details ?? ""
            #expect(details.contains("exited with status 1"), "\(details)")
            #expect(details.contains("add(2, 3) should be 5"), "\(details)")
        }

        @Test("A looping solution scores 0 with \"timed out\" in the details")
        func looping() async throws {
            let solution = "```python\ndef add(a, b):\n    while True:\n        pass\n```"
            let start = ContinuousClock.now
            let output = try await verifier(wall: .seconds(2)).scoreSolution(problem, solution: solution)
            #expect(output.value.score == 0)
            #expect(output.value.details?.contains("timed out after 2 s") == true, "\(output.value.details ?? "")")
            #expect(ContinuousClock.now - start < .seconds(12), "the 2 s limit, plus a busy machine's delay")
        }

        @Test("Memory and network failures are named in the details")
        func limitsInDetails() async throws {
            let hog = "```python\nx = []\nwhile True:\n    x.append(' ' * 10**6)\n```"
            let memory = try await verifier().scoreSolution(problem, solution: hog)
            #expect(memory.value.score == 0)
            #expect(memory.value.details?.contains("memory limit 256 MiB exceeded") == true, "\(memory.value.details ?? "")")

            let network = "```python\nimport urllib.request\nurllib.request.urlopen('http://1.1.1.1', timeout=2)\n```"
            let net = try await verifier().scoreSolution(problem, solution: network)
            #expect(net.value.score == 0)
            #expect(net.value.details?.contains("network unreachable") == true, "\(net.value.details ?? "")")
        }

        @Test("A solution without a code block scores 0")
        func noCode() async throws {
            let output = try await verifier().scoreSolution(problem, solution: "def add(a, b): return a + b")
            #expect(output.value.score == 0)
            #expect(output.value.details?.contains("no fenced code block") == true)
        }

        @Test("A check command gets the solution on stdin and its exit status scores")
        func checkCommand() async throws {
            let check = SandboxFile(path: "check.py", text: """
                import os, sys
                text = sys.stdin.read()
                assert os.environ["PONDER_PROBLEM_ID"] == "add-1"
                assert open("ponder_problem.txt").read().startswith("Write add")
                sys.exit(0 if "\\\\boxed{5}" in text else 1)
                """)
            let verifier = ProgrammaticVerifier(
                mode: .check(.init(command: ["python3", "check.py"], files: [check])),
                sandbox: SandboxTestSupport.sandbox, limits: SandboxTestSupport.limits())
            let good = try await verifier.scoreSolution(problem, solution: "2 + 3 = 5, so \\boxed{5}")
            #expect(good.value.score == 1, "\(good.value.details ?? "")")
            let bad = try await verifier.scoreSolution(problem, solution: "\\boxed{6}")
            #expect(bad.value.score == 0)
            #expect(bad.value.details?.contains("exited with status 1") == true, "\(bad.value.details ?? "")")
        }

        @Test("A check command can print a score on its last line, and read the solution from a file")
        func checkScoreLine() async throws {
            let check = SandboxFile(path: "check.sh", text: "#!/bin/sh\necho checking\nwc -l < answer.txt | awk '{print $1 / 4}'\n")
            let verifier = ProgrammaticVerifier(
                mode: .check(.init(
                    command: ["sh", "check.sh"], solutionInput: .file("answer.txt"), files: [check],
                    scoreFromLastLine: true)),
                sandbox: SandboxTestSupport.sandbox, limits: SandboxTestSupport.limits())
            let half = try await verifier.scoreSolution(problem, solution: "a\nb\n")
            #expect(half.value.score == 0.5, "\(half.value.details ?? "")")
            let tooMuch = try await verifier.scoreSolution(problem, solution: "a\nb\nc\nd\ne\nf\n")
            #expect(tooMuch.value.score == 0, "\(tooMuch.value.details ?? "")")
            #expect(tooMuch.value.details?.contains("outside [0, 1]") == true)
        }

        @Test("An unavailable sandbox throws instead of scoring")
        func unavailable() async {
            let verifier = ProgrammaticVerifier(
                mode: .codeTask(.init(command: ["python3", "solution_test.py"], testFiles: [Self.tests])),
                sandbox: Sandbox(configuration: SandboxConfiguration(unsharePath: "/nonexistent/unshare")))
            await #expect(throws: ProgrammaticVerifierError.self) {
                _ = try await verifier.scoreSolution(problem, solution: "```python\ndef add(a, b): return a + b\n```")
            }
        }
    }
}
