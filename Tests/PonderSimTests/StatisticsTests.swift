import PonderCore
import Testing

@testable import PonderSim

/// Statistical properties of the pure model that strategy tests rely on.
@Suite struct StatisticsTests {
    static let model = SimModel(seed: 11)

    static func problems(level: Int, count: Int = 500, seed: UInt64 = 2024) -> [ArithmeticProblem] {
        (0..<count).map { SimProblemGenerator.arithmetic(seed: seed, index: $0, level: level) }
    }

    /// Final boxed answers of `n` samples of `problem` at `temperature`.
    static func answers(_ problem: ArithmeticProblem, n: Int, temperature: Double, ordinal: UInt64) -> [Int?] {
        let choices = model.generate(
            .chat([.user(problem.question)]), sampling: SamplingParameters(n: n, temperature: temperature),
            ordinal: ordinal)
        return choices.map { StepLine.boxedValue(in: $0.text) }
    }

    static func accuracy(level: Int, temperature: Double) -> Double {
        let set = problems(level: level)
        let right = set.enumerated().filter { index, problem in
            answers(problem, n: 1, temperature: temperature, ordinal: UInt64(index))[0] == problem.answer
        }.count
        return Double(right) / Double(set.count)
    }

    @Test func accuracyFallsWithDifficulty() {
        let accuracies = (1...5).map { Self.accuracy(level: $0, temperature: 0.8) }
        print("accuracy at T=0.8 by level:", accuracies)
        for level in 1..<5 {
            #expect(accuracies[level] < accuracies[level - 1], "level \(level + 1) should be harder than \(level)")
        }
        #expect(accuracies[0] >= 0.88)
        #expect(accuracies[4] <= 0.45 && accuracies[4] >= 0.18)
        #expect(accuracies[0] - accuracies[4] >= 0.4)
    }

    @Test func greedyAccuracyAndDeterminism() {
        let accuracies = (1...5).map { Self.accuracy(level: $0, temperature: 0) }
        print("accuracy at T=0 by level:", accuracies)
        #expect(accuracies[0] > accuracies[4])
        let problem = Self.problems(level: 4, count: 1)[0]
        let prompt = SimPrompt.chat([.user(problem.question)])
        let first = Self.model.generate(prompt, sampling: .init(n: 4, temperature: 0), ordinal: 1).map(\.text)
        let second = SimModel(seed: 99).generate(prompt, sampling: .init(n: 4, temperature: 0), ordinal: 77).map(\.text)
        #expect(Set(first).count == 1, "all greedy choices are identical")
        #expect(first == second, "greedy output depends on the prompt only")
    }

    @Test func majorityOfSixteenBeatsOneSampleAtLevelThree() {
        let set = Self.problems(level: 3)
        var single = 0
        var majority = 0
        for (index, problem) in set.enumerated() {
            let answers = Self.answers(problem, n: 16, temperature: 0.8, ordinal: UInt64(index))
            if answers[0] == problem.answer { single += 1 }
            var votes: [Int: Int] = [:]
            for case let answer? in answers { votes[answer, default: 0] += 1 }
            let top = votes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
            if top == problem.answer { majority += 1 }
        }
        let singleAccuracy = Double(single) / Double(set.count)
        let majorityAccuracy = Double(majority) / Double(set.count)
        print("level 3: single \(singleAccuracy), majority of 16 \(majorityAccuracy)")
        #expect(majorityAccuracy - singleAccuracy >= 0.10)
        #expect(majorityAccuracy < 0.97, "traps keep majority voting from being perfect")
    }
}
