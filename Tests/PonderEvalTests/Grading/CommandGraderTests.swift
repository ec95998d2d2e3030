import Foundation
import PonderEval
import Testing

@Suite struct CommandGraderTests {
    private let reference = GradingReference(problemID: "p7", question: "What is 6 * 7?", answer: "42")

    @Test func exitStatusDecides() async throws {
        let grader = CommandGrader(command: #"test "$PONDER_PREDICTION" = "$PONDER_GOLD""#)
        #expect(try await grader.grade(GradedResponse(text: "", answer: "42"), against: reference).correct)
        #expect(try await !grader.grade(GradedResponse(text: "", answer: "41"), against: reference).correct)
    }

    @Test func stdinCarriesTheWholeRowAndTheLastLineIsTheScore() async throws {
        // Reads the JSON on stdin and scores by whether the solution text mentions the problem id.
        let script = #"python3 -c 'import json,sys; row=json.load(sys.stdin); print("checking"); print(0.75 if row["id"] in row["text"] and row["gold"] == "42" else 0)'"#
        let grade = try await CommandGrader(command: script).grade(
            GradedResponse(text: "solution for p7", answer: "42"), against: reference)
        #expect(grade.correct && grade.score == 0.75 && grade.detail == "0.75")
    }

    @Test func aBrokenGraderIsAnErrorNotAWrongAnswer() async throws {
        await #expect(throws: GradingError.self) {
            try await CommandGrader(command: "exit 3").grade(GradedResponse(text: "", answer: "1"), against: reference)
        }
        await #expect(throws: GradingError.self) {
            try await CommandGrader(command: "no-such-grader-program-here").grade(GradedResponse(text: "", answer: "1"), against: reference)
        }
    }

    @Test func aSlowGraderTimesOut() async throws {
        let start = ContinuousClock.now
        await #expect(throws: GradingError.self) {
            try await CommandGrader(command: "sleep 120", timeout: .milliseconds(300))
                .grade(GradedResponse(text: "", answer: "1"), against: reference)
        }
        // Far below the grader's 120 s; loose, because a loaded machine delays the timeout and the kill.
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func predictionsAreNeverInterpolatedIntoTheCommand() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-injected-\(UUID().uuidString)").path
        let grader = CommandGrader(command: #"test -n "$PONDER_PREDICTION""#)
        let answer = "$(touch \(marker)); `touch \(marker)`"
        #expect(try await grader.grade(GradedResponse(text: answer, answer: answer), against: reference).correct)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
