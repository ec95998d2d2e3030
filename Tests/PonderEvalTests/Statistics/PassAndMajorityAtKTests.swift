@testable import PonderEval
import Testing

@Suite struct PassAndMajorityAtKTests {
    struct PassFixture: Decodable {
        struct Case: Decodable {
            var n: Int
            var c: Int
            var k: Int
            var passAtK: Double
        }

        var cases: [Case]
    }

    struct MajorityFixture: Decodable {
        struct Case: Decodable {
            var answers: [String?]
            var correct: [Bool]
            var k: Int
            var majAtK: Double
        }

        struct ByClass: Decodable {
            var sizes: [Int]
            var credits: [Double]
            var abstentions: Int
            var k: Int
            var majAtK: Double
        }

        var cases: [Case]
        var byClass: [ByClass]
    }

    @Test func passAtKMatchesExactFractions() throws {
        let fixture: PassFixture = try StatisticsFixtures.load("pass_at_k.json")
        for c in fixture.cases {
            #expect(abs(PassAtK.estimate(samples: c.n, correct: c.c, k: c.k) - c.passAtK) < 1e-9, "n=\(c.n) c=\(c.c) k=\(c.k)")
        }
        #expect(abs(PassAtK.estimate(samples: 10, correct: 2, k: 5) - 7.0 / 9) < 1e-15)  // 1 − 56/252
    }

    @Test func majorityAtKMatchesEveryListedSubset() throws {
        let fixture: MajorityFixture = try StatisticsFixtures.load("maj_at_k.json")
        #expect(fixture.cases.count > 30)
        for c in fixture.cases {
            let value = MajorityAtK.estimate(MajorityAtK.Tally(answers: c.answers, correct: c.correct), k: c.k)
            #expect(abs(value - c.majAtK) < 1e-9, "k=\(c.k) over \(c.answers)")
        }
    }

    @Test func majorityAtKMatchesCountingByClassOnLargerProblems() throws {
        let fixture: MajorityFixture = try StatisticsFixtures.load("maj_at_k.json")
        for c in fixture.byClass {
            let tally = MajorityAtK.Tally(
                classes: zip(c.sizes, c.credits).map { MajorityAtK.AnswerClass(size: $0, credit: $1) },
                abstentions: c.abstentions
            )
            #expect(abs(MajorityAtK.estimate(tally, k: c.k) - c.majAtK) < 1e-9, "k=\(c.k) sizes \(c.sizes)")
        }
    }

    @Test func majorityAtKByHand() {
        // ["4", "4", "5", nil], k = 2: of 6 pairs, {4,4} right, {4,5} ×2 a tie (½ each), {4,nil} ×2
        // right, {5,nil} wrong: (1 + 1 + 2)/6.
        let tally = MajorityAtK.Tally(answers: ["4", "4", "5", nil], correct: [true, true, false, false])
        #expect(abs(MajorityAtK.estimate(tally, k: 2) - 4.0 / 6) < 1e-15)
        // k = 1 is the accuracy of one sample; k = n is the vote over everything.
        #expect(abs(MajorityAtK.estimate(tally, k: 1) - 0.5) < 1e-15)
        #expect(abs(MajorityAtK.estimate(tally, k: 4) - 1) < 1e-15)
        let abstaining = MajorityAtK.Tally(answers: [nil, nil], correct: [false, false])
        #expect(MajorityAtK.estimate(abstaining, k: 2) == 0)
    }

    @Test func majorityAtKMatchesBruteForceOnRandomProblems() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<25 {
            let n = 1 + rng.index(below: 9)
            let labels = ["a", "b", "c", "d"]
            let answers: [String?] = (0..<n).map { _ in
                let i = rng.index(below: 5)
                return i == 4 ? nil : labels[i]
            }
            let correct = answers.map { $0 == "a" }
            let tally = MajorityAtK.Tally(answers: answers, correct: correct)
            for k in 1...n {
                let expected = Self.bruteForce(answers, correct: correct, k: k)
                #expect(abs(MajorityAtK.estimate(tally, k: k) - expected) < 1e-12, "k=\(k) over \(answers)")
            }
        }
    }

    /// Lists every size-k subset by bitmask.
    static func bruteForce(_ answers: [String?], correct: [Bool], k: Int) -> Double {
        var total = 0.0, subsets = 0
        for mask in 0..<(1 << answers.count) where mask.nonzeroBitCount == k {
            subsets += 1
            var votes: [String: Int] = [:], right: [String: Bool] = [:]
            for i in answers.indices where mask & (1 << i) != 0 {
                guard let answer = answers[i] else { continue }
                votes[answer, default: 0] += 1
                right[answer] = correct[i]
            }
            guard let top = votes.values.max() else { continue }
            let modes = votes.filter { $0.value == top }.map(\.key)
            total += Double(modes.filter { right[$0]! }.count) / Double(modes.count)
        }
        return total / Double(subsets)
    }
}
