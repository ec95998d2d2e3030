import Foundation
import Testing

@testable import PonderSim

@Suite struct ProblemTests {
    @Test func generationIsDeterministicAndSeedDependent() {
        let a = SimProblemGenerator.generate(count: 50, seed: 1, difficulty: .mixed)
        let b = SimProblemGenerator.generate(count: 50, seed: 1, difficulty: .mixed)
        let c = SimProblemGenerator.generate(count: 50, seed: 2, difficulty: .mixed)
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a.map(\.id)).count == 50, "ids are unique")
        #expect(Set(a.map(\.difficulty)) == Set(1...5), "a mixed set has every level")
    }

    @Test(arguments: 1...5) func problemsAreWellFormed(level: Int) throws {
        let expectedSteps = SimDifficulty.stepCounts[level - 1]
        for problem in SimProblemGenerator.generate(count: 300, seed: 3, difficulty: .level(level)) {
            #expect(problem.id.hasPrefix("sim-d\(level)-"))
            #expect(problem.difficulty == level)
            let match = try #require(ProblemFinder.lastProblem(in: problem.question))
            #expect(match.problem.question == problem.question, "the text reads back to the same problem")
            #expect(match.problem.stepCount == expectedSteps)
            #expect(String(match.problem.answer) == problem.answer)
            var value = match.problem.start
            for operation in match.problem.operations {
                if operation.kind == .divide { #expect(value % operation.operand == 0, "division is exact") }
                value = operation.apply(to: value)
                #expect(abs(value) < 10_000_000)
                if level <= 3 { #expect(value > 0) }
            }
        }
    }

    @Test func questionTextHasTheDocumentedForm() {
        let problem = ArithmeticProblem(
            start: 17, operations: [.init(.add, 5), .init(.multiply, 3), .init(.subtract, 4)])
        #expect(problem.question == "Start with 17. Add 5. Multiply the result by 3. Subtract 4. What is the result?")
        #expect(problem.answer == 62)
        #expect(problem.values == [22, 66, 62])
    }

    @Test func jsonLinesKeepTheKeyOrder() throws {
        let problem = SimProblemGenerator.generate(count: 1, seed: 4, difficulty: .level(2))[0]
        let line = problem.jsonLine
        #expect(line.hasPrefix("{\"id\":\"sim-d2-000000\",\"question\":\"Start with "))
        #expect(line.contains("\"answer\":\"\(problem.answer)\",\"difficulty\":2}"))
        let decoded = try JSONDecoder().decode(SimProblem.self, from: Data(line.utf8))
        #expect(decoded == problem)
    }

    @Test func finderTakesTheLastProblemOfAFewShotPrompt() throws {
        let prompt = """
            Q: Start with 2. Add 3. What is the result?
            A: Step 1: 2 + 3 = 5

            The answer is \\boxed{5}.

            Q: Start with 10. Divide the result by 2. Subtract 1. What is the result?
            A:
            """
        let (problem, after) = try #require(ProblemFinder.split(prompt))
        #expect(problem.start == 10)
        #expect(problem.answer == 4)
        #expect(after == "\nA:")
        #expect(ProblemFinder.lastProblem(in: "Start with 5. What is the result?") == nil, "a problem needs a step")
        #expect(ProblemFinder.lastProblem(in: "nothing here") == nil)
    }

    @Test func difficultyArguments() {
        #expect(SimDifficulty(argument: "3") == .level(3))
        #expect(SimDifficulty(argument: "mix") == .mixed)
        #expect(SimDifficulty(argument: "6") == nil)
    }
}
