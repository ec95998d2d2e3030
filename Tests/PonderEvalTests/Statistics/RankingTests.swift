@testable import PonderEval
import Testing

@Suite struct RankingTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var taskMeans: [[Double]]
            var means: [Double]
            var meanRanks: [Double]
            var tieBreak: [Int]
            var bordaScores: [Double]
            var bordaRanks: [Double]
            var kemenyOrder: [Int]
            var kemenyAgreement: Double
        }

        var cases: [Case]
    }

    private func names(_ count: Int) -> [String] { (0..<count).map { "s\($0)" } }

    private func ranks(_ ranking: [RankedStrategy], _ names: [String]) -> [Double] {
        names.map { name in ranking.first { $0.strategy == name }!.rank }
    }

    @Test func meanAndBordaMatchScipyRanks() throws {
        let fixture: Fixture = try StatisticsFixtures.load("rankings.json")
        for c in fixture.cases {
            let names = names(c.means.count)
            #expect(ranks(MeanRanking.rank(names, means: c.means), names) == c.meanRanks)
            let borda = BordaRanking.rank(names, taskMeans: c.taskMeans)
            #expect(ranks(borda, names) == c.bordaRanks)
            for (name, score) in zip(names, c.bordaScores) {
                #expect(abs(borda.first { $0.strategy == name }!.score - score) < 1e-12)
            }
            #expect(borda.map(\.rank) == borda.map(\.rank).sorted(), "best first")
        }
    }

    @Test func kemenyMatchesBruteForceWithTheDocumentedTieBreak() throws {
        let fixture: Fixture = try StatisticsFixtures.load("rankings.json")
        #expect(fixture.cases.contains { $0.means.count == 8 })
        for c in fixture.cases {
            let names = names(c.means.count)
            let kemeny = try #require(KemenyYoungRanking.rank(names, taskMeans: c.taskMeans, tieBreak: c.tieBreak))
            #expect(kemeny.map(\.strategy) == c.kemenyOrder.map { names[$0] })
            #expect(kemeny.map(\.rank) == (1...names.count).map(Double.init))
            #expect(kemeny.allSatisfy { abs($0.score - c.kemenyAgreement) < 1e-12 })
        }
    }

    @Test func rankingsCanDisagree() {
        // One task with a large spread carries the mean; task by task, s2 is usually best.
        let taskMeans: [[Double]] = [[0, 0.1, 0.2], [0, 0.1, 0.2], [0.9, 0.1, 0.2], [0, 0.1, 0.2], [1, 0.3, 0.1]]
        let names = ["s0", "s1", "s2"]
        let means = [0.38, 0.14, 0.18]
        #expect(MeanRanking.rank(names, means: means).first?.strategy == "s0")
        #expect(BordaRanking.rank(names, taskMeans: taskMeans).first?.strategy == "s2")
        #expect(KemenyYoungRanking.rank(names, taskMeans: taskMeans, tieBreak: [0, 2, 1])?.first?.strategy == "s2")
    }

    @Test func kemenyGivesUpBeyondEightStrategies() {
        let names = (0..<9).map { "s\($0)" }
        #expect(KemenyYoungRanking.rank(names, taskMeans: [names.indices.map(Double.init)], tieBreak: Array(0..<9)) == nil)
        let single = KemenyYoungRanking.rank(["only"], taskMeans: [[0.5]], tieBreak: [0])
        #expect(single == [RankedStrategy(strategy: "only", rank: 1, score: 1)])
    }

    @Test func averageRanksShareTies() {
        #expect(AverageRanks.descending([0.7, 0.9, 0.7]) == [2.5, 1, 2.5])
        #expect(AverageRanks.descending([1, 1, 1, 0]) == [2, 2, 2, 4])
    }
}
