@testable import PonderEval
import Testing

@Suite struct RunScoreAggregatesTests {
    struct Fixture: Decodable {
        struct Aggregate: Decodable {
            var taskRunScores: [[Double]]
            var mean: Double
            var median: Double
            var iqm: Double
            var optimalityGap: Double
        }

        struct Improvement: Decodable {
            var x: [[Double]]
            var y: [[Double]]
            var probability: Double
        }

        struct Profile: Decodable {
            var taskRunScores: [[Double]]
            var taus: [Double]
            var fraction: [Double]
        }

        var aggregates: [Aggregate]
        var probabilityOfImprovement: [Improvement]
        var profiles: [Profile]
    }

    @Test func aggregatesMatchRliable() throws {
        let fixture: Fixture = try StatisticsFixtures.load("aggregates.json")
        #expect(fixture.aggregates.count == 6)
        for c in fixture.aggregates {
            let aggregates = RunScoreAggregates(taskRunScores: c.taskRunScores)
            #expect(abs(aggregates.mean - c.mean) < 1e-9, "mean of \(c.taskRunScores)")
            #expect(abs(aggregates.median - c.median) < 1e-9, "median of \(c.taskRunScores)")
            #expect(abs(aggregates.iqm - c.iqm) < 1e-9, "IQM of \(c.taskRunScores)")
            #expect(abs(aggregates.optimalityGap - c.optimalityGap) < 1e-9, "optimality gap of \(c.taskRunScores)")
        }
    }

    @Test func probabilityOfImprovementMatchesRliable() throws {
        let fixture: Fixture = try StatisticsFixtures.load("aggregates.json")
        for c in fixture.probabilityOfImprovement {
            let p = ProbabilityOfImprovement.estimate(x: c.x, y: c.y)
            #expect(abs(p - c.probability) < 1e-9, "P(X > Y) for \(c.x) vs \(c.y)")
            #expect(abs(ProbabilityOfImprovement.estimate(x: c.y, y: c.x) - (1 - c.probability)) < 1e-9)
        }
    }

    @Test func profilesMatchRliableRunScoreDistribution() throws {
        let fixture: Fixture = try StatisticsFixtures.load("aggregates.json")
        for c in fixture.profiles {
            let fractions = RunScoreProfile.fractionAbove(c.taskRunScores.flatMap { $0 }, taus: c.taus)
            #expect(zip(fractions, c.fraction).allSatisfy { abs($0 - $1) < 1e-12 }, "\(fractions) vs \(c.fraction)")
        }
    }

    @Test func byHand() {
        // Eight cells: IQM drops two from each end and averages 3, 4, 5, 6.
        let aggregates = RunScoreAggregates(taskRunScores: [[1, 8, 3, 6], [2, 7, 4, 5]])
        #expect(aggregates.iqm == 4.5)
        #expect(aggregates.mean == 4.5)
        #expect(aggregates.optimalityGap == 0)  // every score at or above 1
        let gap = RunScoreAggregates(taskRunScores: [[0.5, 1.2], [0]])
        #expect(abs(gap.optimalityGap - 0.5) < 1e-15)  // (0.5 + 0 + 1)/3
        #expect(abs(gap.mean - 0.425) < 1e-15)  // tasks weigh equally: (0.85 + 0)/2
        #expect(ProbabilityOfImprovement.estimate(x: [[1, 0]], y: [[0, 0]]) == 0.75)  // (1 + 1 + ½ + ½)/4
        #expect(RunScoreProfile.fractionAbove([0.2, 0.5, 0.9], taus: [0, 0.5, 1]) == [1, 1.0 / 3, 0])
    }
}
