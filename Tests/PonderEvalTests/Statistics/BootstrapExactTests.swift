@testable import PonderEval
import Testing

/// Monte Carlo bootstrap intervals against the exact bootstrap distribution of small data sets, which
/// the generator computes by enumerating every resample.
@Suite struct BootstrapExactTests {
    struct Fixture: Decodable {
        struct StratifiedRuns: Decodable {
            var taskRunScores: [[Double]]
            var statistics: [String: ExactDistribution]
            var profileTaus: [Double]
            var profiles: [ExactDistribution]
        }

        struct PairedDifference: Decodable {
            struct Unit: Decodable {
                var differenceSum: Double
                var runs: Int
            }

            var units: [Unit]
            var distribution: ExactDistribution
        }

        struct ImprovementRuns: Decodable {
            var x: [[Double]]
            var y: [[Double]]
            var distribution: ExactDistribution
        }

        struct Problems: Decodable {
            struct Entry: Decodable {
                var problem: Int
                var score: Double
            }

            var runs: [[Entry]]
            var problemCount: Int
            var distribution: ExactDistribution
        }

        var stratifiedRuns: StratifiedRuns
        var pairedDifference: PairedDifference
        var improvementRuns: ImprovementRuns
        var problems: Problems
    }

    static let reps = 4_000

    @Test func stratifiedBootstrapOfTheFourAggregatesAndTheProfile() throws {
        let fixture = try StatisticsFixtures.load("bootstrap_exact.json", as: Fixture.self).stratifiedRuns
        var rng = SplitMix64(seed: 11)
        let taus = fixture.profileTaus
        var replicates = BootstrapReplicates(statistics: 4 + taus.count, reps: Self.reps)
        for _ in 0..<Self.reps {
            let cells = StratifiedBootstrap.resampleRuns(fixture.taskRunScores, using: &rng)
            replicates.record(RunScoreAggregates(taskRunScores: cells).values + RunScoreProfile.fractionAbove(cells.flatMap { $0 }, taus: taus))
        }
        let intervals = replicates.percentileIntervals()
        for (index, name) in ["mean", "median", "iqm", "optimality_gap"].enumerated() {
            let exact = try #require(fixture.statistics[name])
            #expect(abs(exact.totalProbability - 1) < 1e-9)
            #expect(exact.admits(intervals[index], reps: Self.reps), "\(name): \(intervals[index])")
        }
        for (offset, exact) in fixture.profiles.enumerated() {
            #expect(exact.admits(intervals[4 + offset], reps: Self.reps), "profile at τ = \(taus[offset])")
        }
    }

    @Test func pairedBootstrapOfTheMeanDifference() throws {
        let fixture = try StatisticsFixtures.load("bootstrap_exact.json", as: Fixture.self).pairedDifference
        let units = fixture.units.map { PairedBootstrap.Unit(differenceSum: $0.differenceSum, runs: $0.runs) }
        var rng = SplitMix64(seed: 12)
        let interval = PairedBootstrap.meanDifferenceInterval(units, reps: Self.reps, using: &rng)
        #expect(fixture.distribution.admits(interval, reps: Self.reps), "\(interval)")
        #expect(abs(PairedBootstrap.meanDifference(units) - 3.0 / 9) < 1e-15)
    }

    @Test func stratifiedBootstrapOfTheProbabilityOfImprovement() throws {
        let fixture = try StatisticsFixtures.load("bootstrap_exact.json", as: Fixture.self).improvementRuns
        var rng = SplitMix64(seed: 13)
        var replicates = BootstrapReplicates(statistics: 1, reps: Self.reps)
        for _ in 0..<Self.reps {
            let x = StratifiedBootstrap.resampleRuns(fixture.x, using: &rng)
            let y = StratifiedBootstrap.resampleRuns(fixture.y, using: &rng)
            replicates.record(ProbabilityOfImprovement.estimate(x: x, y: y))
        }
        let interval = replicates.percentileIntervals()[0]
        #expect(fixture.distribution.admits(interval, reps: Self.reps), "\(interval)")
    }

    @Test func problemResamplingOfRunMeans() throws {
        let fixture = try StatisticsFixtures.load("bootstrap_exact.json", as: Fixture.self).problems
        let table = ProblemRunTable(
            problemCount: fixture.problemCount,
            runs: fixture.runs.map { $0.map { ProblemRunTable.Entry(problem: $0.problem, score: $0.score) } }
        )
        var rng = SplitMix64(seed: 14)
        var replicates = BootstrapReplicates(statistics: 1, reps: Self.reps)
        for _ in 0..<Self.reps {
            let means = table.runMeans(problemWeights: StratifiedBootstrap.drawCounts(table.problemCount, using: &rng))
            replicates.record(RunScoreAggregates(taskRunScores: [means]).mean)
        }
        let interval = replicates.percentileIntervals()[0]
        #expect(fixture.distribution.admits(interval, reps: Self.reps), "\(interval)")
    }

    /// The check has teeth: resampling runs across tasks instead of within them (forgetting the
    /// stratification) gives a mean interval the exact distribution rejects.
    @Test func anUnstratifiedBootstrapFailsTheCheck() throws {
        let fixture = try StatisticsFixtures.load("bootstrap_exact.json", as: Fixture.self).stratifiedRuns
        let pooled = fixture.taskRunScores.flatMap { $0 }
        var rng = SplitMix64(seed: 15)
        var replicates = BootstrapReplicates(statistics: 1, reps: Self.reps)
        for _ in 0..<Self.reps {
            let cells = fixture.taskRunScores.map { runs in runs.map { _ in pooled[rng.index(below: pooled.count)] } }
            replicates.record(RunScoreAggregates(taskRunScores: cells).mean)
        }
        let exact = try #require(fixture.statistics["mean"])
        #expect(!exact.admits(replicates.percentileIntervals()[0], reps: Self.reps))
    }
}
