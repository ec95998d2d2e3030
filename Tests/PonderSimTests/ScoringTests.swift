import Foundation
import PonderCore
import Testing

@testable import PonderSim

/// The process reward model, the Q-value model and token log probabilities, on the pure model.
@Suite struct ScoringTests {
    /// Sampled solutions, split into steps, over hard problems (many wrong steps).
    static let paths: [(question: String, steps: [String], right: [Bool])] = {
        let model = SimModel(seed: 21)
        var paths: [(String, [String], [Bool])] = []
        for index in 0..<150 {
            let problem = SimProblemGenerator.arithmetic(seed: 77, index: index, level: 4 + index % 2)
            let choices = model.generate(
                .chat([.user(problem.question)]), sampling: .init(n: 4, temperature: 1.2), ordinal: UInt64(index))
            for choice in choices {
                let steps = choice.text.components(separatedBy: "\n\n")
                paths.append((problem.question, steps, StepJudge(problem: problem).judge(steps).prefixRight))
            }
        }
        return paths
    }()

    /// Mann–Whitney AUROC of scores for positives versus negatives.
    static func auroc(positives: [Double], negatives: [Double]) -> Double {
        let all = (positives.map { ($0, true) } + negatives.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSum = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count, all[j + 1].0 == all[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j where all[k].1 { rankSum += rank }
            i = j + 1
        }
        let p = Double(positives.count)
        let n = Double(negatives.count)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    @Test(arguments: [1.0, 3.0, 5.0]) func prmAUROCMatchesTheFormula(noise: Double) {
        let prm = ProcessRewardModel(seed: 3, noise: noise)
        var positives: [Double] = []
        var negatives: [Double] = []
        for path in Self.paths {
            let scores = prm.scores(question: path.question, steps: path.steps)
            for (score, right) in zip(scores, path.right) {
                if right { positives.append(score) } else { negatives.append(score) }
            }
        }
        #expect(negatives.count > 300, "enough wrong steps to measure")
        let measured = Self.auroc(positives: positives, negatives: negatives)
        let expected = ProcessRewardModel.expectedAUROC(margin: 2, noise: noise)
        print("PRM noise \(noise): AUROC \(measured), formula \(expected), \(positives.count)+/\(negatives.count)-")
        #expect(abs(measured - expected) <= 0.05)
    }

    @Test func prmScoresAreDeterministicPerPath() {
        let prm = ProcessRewardModel(seed: 3, noise: 1)
        let path = Self.paths[0]
        #expect(prm.scores(question: path.question, steps: path.steps) == prm.scores(question: path.question, steps: path.steps))
        let other = ProcessRewardModel(seed: 4, noise: 1)
        #expect(prm.scores(question: path.question, steps: path.steps) != other.scores(question: path.question, steps: path.steps))
        // A step's score depends on the path up to it, not on what follows.
        let prefix = Array(path.steps.prefix(2))
        #expect(Array(prm.scores(question: path.question, steps: path.steps).prefix(2)) == prm.scores(question: path.question, steps: prefix))
    }

    @Test func judgeFollowsTheTruth() {
        let problem = ArithmeticProblem(start: 17, operations: [.init(.add, 5), .init(.multiply, 3), .init(.subtract, 4)])
        let judge = StepJudge(problem: problem)
        #expect(judge.judge(["Step 1: 17 + 5 = 22", "Step 2: 22 × 3 = 66", "Step 3: 66 - 4 = 62", "The answer is \\boxed{62}."]).prefixRight == [true, true, true, true])
        #expect(judge.judge(["Step 1: 17 + 5 = 23", "Step 2: 23 × 3 = 69"]).prefixRight == [false, false])
        #expect(judge.judge(["Step 1: 17 + 5 = 22", "I like turtles", "Step 3: 66 - 4 = 62"]).prefixRight == [true, false, false])
        #expect(judge.judge(["Step 1: 17 + 5 = 22", "Step 2: 22 × 3 = 66", "Step 3: 66 - 4 = 62", "The answer is \\boxed{61}."]).prefixRight.last == false)
    }

    @Test func qValuesRankRightCandidatesAboveWrongOnes() {
        let model = QValueModel(seed: 8, noise: 0.5)
        var rightValues: [Double] = []
        var wrongValues: [Double] = []
        var ordered = 0
        var pairs = 0
        for index in 0..<200 {
            let problem = SimProblemGenerator.arithmetic(seed: 5, index: index, level: 3)
            let k = index % problem.stepCount
            let steps = (0..<k).map { StepLine.step(number: $0 + 1, operand: problem.value(before: $0), operation: problem.operations[$0], result: problem.values[$0]) }
            let incoming = problem.value(before: k)
            let right = StepLine.step(number: k + 1, operand: incoming, operation: problem.operations[k], result: problem.values[k])
            let wrong = StepLine.step(number: k + 1, operand: incoming, operation: problem.operations[k], result: problem.values[k] + 3)
            let values = model.values(question: problem.question, steps: steps, candidates: [right, wrong])
            rightValues.append(values[0])
            wrongValues.append(values[1])
            pairs += 1
            if values[0] > values[1] { ordered += 1 }
        }
        let meanRight = rightValues.reduce(0, +) / Double(rightValues.count)
        let meanWrong = wrongValues.reduce(0, +) / Double(wrongValues.count)
        print("Q-values: right \(meanRight), wrong \(meanWrong), ordered \(ordered)/\(pairs)")
        #expect(meanRight > meanWrong + 0.3)
        #expect(Double(ordered) / Double(pairs) > 0.9)
    }

    @Test func qValuesFollowTheRemainingDifficulty() {
        let model = QValueModel(seed: 1, noise: 0)
        let problem = SimProblemGenerator.arithmetic(seed: 5, index: 1, level: 5)
        let line = { (k: Int) in StepLine.step(number: k + 1, operand: problem.value(before: k), operation: problem.operations[k], result: problem.values[k]) }
        let early = model.values(question: problem.question, steps: [], candidates: [line(0)])[0]
        let late = model.values(question: problem.question, steps: (0..<7).map(line), candidates: [line(7)])[0]
        #expect(early < late, "fewer steps left, more likely to finish right")
        #expect(model.values(question: problem.question, steps: (0..<9).map(line), candidates: [StepLine.answer(problem.answer)])[0] > 0.95)
    }

    @Test func wrongStepsHaveLowerTokenLogprobs() {
        let model = SimModel(seed: 2)
        var right: [Double] = []
        var wrong: [Double] = []
        for index in 0..<100 {
            let problem = SimProblemGenerator.arithmetic(seed: 6, index: index, level: 5)
            let choices = model.generate(
                .chat([.user(problem.question)]),
                sampling: .init(n: 4, temperature: 1.0, logprobs: true, topLogprobs: 3), ordinal: UInt64(index))
            for choice in choices {
                let logprobs = choice.logprobs ?? []
                #expect(logprobs.count == choice.tokenRanges.count)
                // Split tokens into lines; judge each step against its own written operand.
                var line = ""
                var values: [Double] = []
                var incoming = problem.start
                var step = 0
                for entry in logprobs + [TokenLogprob(token: "\n", logprob: 0)] {
                    #expect(entry.topLogprobs.isEmpty || entry.topLogprobs.map(\.logprob) == entry.topLogprobs.map(\.logprob).sorted(by: >))
                    if entry.token == "\n" {
                        if line.hasPrefix("Step"), step < problem.stepCount, let result = StepLine.parse(line)?.result {
                            let mean = values.reduce(0, +) / Double(values.count)
                            if result == problem.operations[step].apply(to: incoming) { right.append(mean) } else { wrong.append(mean) }
                            incoming = result
                            step += 1
                        }
                        line = ""
                        values = []
                    } else {
                        line += entry.token
                        values.append(entry.logprob)
                    }
                }
            }
        }
        let meanRight = right.reduce(0, +) / Double(right.count)
        let meanWrong = wrong.reduce(0, +) / Double(wrong.count)
        print("mean token logprob: right steps \(meanRight), wrong steps \(meanWrong) (\(right.count)/\(wrong.count))")
        #expect(wrong.count > 50)
        #expect(meanWrong < meanRight - 0.1)
    }
}
