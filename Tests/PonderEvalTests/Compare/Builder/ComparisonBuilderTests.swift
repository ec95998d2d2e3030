import Foundation
@testable import PonderEval
import Testing

@Suite struct ComparisonBuilderTests {
    /// a solves p1…p8, b solves p1…p3 and p10: only-a on p4…p8 (5), only-b on p10 (1).
    private let a = BuilderTestRows.rows("a", [1, 1, 1, 1, 1, 1, 1, 1, 0, 0], tokens: 100)
    private let b = BuilderTestRows.rows("b", [1, 1, 1, 0, 0, 0, 0, 0, 0, 1], tokens: 400)

    @Test func twoBinaryStrategiesByHand() throws {
        let report = try ComparisonBuilder(options: BuilderTestRows.options(atTokens: [50, 100, 1_000]))
            .build(ComparisonInput(rows: b + a))
        #expect(report.order == ["b", "a"])
        #expect(report.binary && report.tasks == [""])
        let summary = try #require(report.strategies["a"])
        #expect(summary.count == 10 && summary.runs == 1 && summary.mean == 0.8)
        #expect(summary.wilson95 == WilsonInterval.interval(successes: 8, count: 10))
        #expect(summary.meanTokens == 100 && summary.medianTokens == 100 && summary.meanLatencyMS == nil)

        let pair = try #require(report.pairs.first)
        #expect(report.pairs.count == 1 && pair.a == "b" && pair.b == "a" && pair.count == 10)
        #expect(abs(pair.meanDiff - -0.4) < 1e-15)
        #expect(pair.onlyA == 1 && pair.onlyB == 5)
        #expect(abs(pair.mcnemarP! - 14.0 / 64) < 1e-12 && pair.holmP == pair.mcnemarP)  // 2·(C(6,0) + C(6,1))/2⁶
        #expect(pair.ci95.low <= pair.meanDiff && pair.meanDiff <= pair.ci95.high && pair.ci95.high < 0.2)
        // One run each, so attempts take the place of runs: b wins 1, ties 4, loses 5 → (1 + 4/2) / 10.
        #expect(abs(pair.probImprovement - 0.3) < 1e-12)
        #expect(pair.probImprovementCI95.low < 0.3 && 0.3 < pair.probImprovementCI95.high && pair.probImprovementCI95.high <= 1)

        // a is cheaper and better, so b is off the frontier; budgets read a step function.
        #expect(report.frontier.points.map(\.onFrontier) == [false, true])
        #expect(report.frontier.atTokens.map(\.strategy) == [nil, "a", "a"])
        #expect(report.frontier.atTokens.map(\.mean) == [nil, 0.8, 0.8])
        #expect(report.rankings.mean.map(\.strategy) == ["a", "b"])
        #expect(report.settings.ciMethod.contains("resample problems within each task"))
    }

    @Test func pairsAreComparedOnTheRowsTheyShare() throws {
        let extra = [ResultRow(strategy: "b", problemID: "p99", score: 1)]
        let report = try ComparisonBuilder(options: BuilderTestRows.options()).build(ComparisonInput(rows: a + b.dropLast(2) + extra))
        #expect(report.strategies["a"]!.count == 10 && report.strategies["b"]!.count == 9)
        #expect(report.pairs[0].count == 8)
        #expect(abs(report.pairs[0].meanDiff - 5.0 / 8) < 1e-15)  // on p1…p8, a is right 8 times and b 3 times
    }

    @Test func realValuedScoresGetNoBinaryStatistics() throws {
        let rows = BuilderTestRows.rows("a", [0.3, 0.9, 0.5]) + BuilderTestRows.rows("b", [0.2, 0.4, 1])
        let report = try ComparisonBuilder(options: BuilderTestRows.options()).build(ComparisonInput(rows: rows))
        #expect(!report.binary)
        #expect(report.strategies["a"]!.wilson95 == nil)
        #expect(report.pairs[0].mcnemarP == nil && report.pairs[0].mcnemarMidP == nil && report.pairs[0].holmP == nil)
        #expect(report.frontier.points.isEmpty && report.frontier.atTokens.isEmpty)
    }

    @Test func aSingleStrategyStillGetsItsSummary() throws {
        let report = try ComparisonBuilder(options: BuilderTestRows.options(sequential: true)).build(ComparisonInput(rows: a))
        #expect(report.pairs.isEmpty && report.order == ["a"])
        #expect(report.strategies["a"]!.mean == 0.8)
        #expect(report.rankings.mean.count == 1 && report.rankings.borda.count == 1 && report.rankings.kemeny?.count == 1)
        #expect(report.sequential == SequentialDecision(alpha: 0.05, runsUsed: 0, decisions: []))
        #expect(report.profiles.count == 1 && report.profiles[0].taus.count == 21)
    }

    @Test func holmAdjustsAcrossEveryPair() throws {
        let c = BuilderTestRows.rows("c", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let report = try ComparisonBuilder(options: BuilderTestRows.options()).build(ComparisonInput(rows: a + b + c))
        #expect(report.pairs.map { "\($0.a)-\($0.b)" } == ["a-b", "a-c", "b-c"])
        let raw = report.pairs.map { $0.mcnemarP! }
        #expect(report.pairs.map { $0.holmP! } == HolmAdjustment.adjust(raw))
    }

    @Test func theSameSeedGivesTheSameReportAndItEncodes() throws {
        let input = ComparisonInput(rows: a + b)
        let first = try ComparisonBuilder(options: BuilderTestRows.options(seed: 5)).build(input)
        let again = try ComparisonBuilder(options: BuilderTestRows.options(seed: 5)).build(input)
        let other = try ComparisonBuilder(options: BuilderTestRows.options(seed: 6)).build(input)
        #expect(first == again)
        #expect(first.settings.seed == 5 && first.settings.reps == 400)
        #expect(first.strategies["a"]!.mean == other.strategies["a"]!.mean)
        let json = String(decoding: try JSONEncoder().encode(first), as: UTF8.self)
        #expect(json.contains("\"mcnemar_p\"") && json.contains("\"prob_improvement_ci95\""))
        #expect(try JSONDecoder().decode(ComparisonReport.self, from: Data(json.utf8)) == first)
    }

    @Test func severalRunsPerTaskResampleRunsAndRankAcrossTasks() throws {
        var rows: [ResultRow] = []
        // Task "x": a beats b; task "y": b beats a; task "z": a beats b. Two runs, three problems.
        let levels: [String: [String: Double]] = ["x": ["a": 0.9, "b": 0.5], "y": ["a": 0.2, "b": 0.6], "z": ["a": 0.7, "b": 0.4]]
        for (task, byStrategy) in levels {
            for (strategy, level) in byStrategy {
                for run in 0..<2 {
                    for problem in 0..<3 {
                        let score = level + 0.05 * Double(run) - 0.02 * Double(problem)
                        rows.append(ResultRow(strategy: strategy, problemID: "q\(problem)", task: task, run: "\(run)", score: score))
                    }
                }
            }
        }
        rows.sort { ($0.strategy, $0.task!, $0.problemID, $0.run!) < ($1.strategy, $1.task!, $1.problemID, $1.run!) }
        let report = try ComparisonBuilder(options: BuilderTestRows.options()).build(ComparisonInput(rows: rows))
        #expect(report.tasks == ["x", "y", "z"])
        #expect(report.settings.ciMethod.contains("resample runs within each task"))
        let summary = report.strategies["a"]!
        #expect(summary.runs == 2 && summary.count == 18)
        // Task means of a: x 0.905, y 0.205, z 0.705 → mean 0.605, median 0.705.
        #expect(abs(summary.mean - 0.605) < 1e-12 && abs(summary.median - 0.705) < 1e-12)
        let pair = report.pairs[0]
        // Per task P(a > b) over 2 × 2 run pairs: x 1, y 0, z 1.
        #expect(abs(pair.probImprovement - 2.0 / 3) < 1e-12)
        #expect(report.rankings.borda.map(\.strategy) == ["a", "b"] && report.rankings.borda[0].score == 4.0 / 3)
        #expect(summary.ci95.mean.low <= summary.mean && summary.mean <= summary.ci95.mean.high)
    }

    @Test func samplesGiveUnbiasedPassAndMajorityAtK() throws {
        let samples = [
            ProblemSamples(strategy: "a", problemID: "p1", answers: ["4", "4", "5", nil, "4"], correct: [true, true, false, false, true]),
            ProblemSamples(strategy: "a", problemID: "p2", answers: ["1", "2", "2", "3", "2", "1", "1", "9"], correct: [true, false, false, false, false, true, true, false]),
            ProblemSamples(strategy: "z", problemID: "p1", answers: ["4", "4", "4", "4", "4"], correct: Array(repeating: true, count: 5)),
        ]
        let report = try ComparisonBuilder(options: BuilderTestRows.options()).build(ComparisonInput(rows: a, samples: samples))
        #expect(report.samples.map(\.k) == [1, 2, 4, 1, 2, 4])  // 1 and powers of two up to the fewest (5)
        #expect(report.samples.map(\.strategy) == ["a", "a", "a", "z", "z", "z"])
        let twoAtA = report.samples[1]
        let expectedPass = (PassAtK.estimate(samples: 5, correct: 3, k: 2) + PassAtK.estimate(samples: 8, correct: 3, k: 2)) / 2
        #expect(abs(twoAtA.passAtK - expectedPass) < 1e-12)
        #expect(abs(report.samples[0].passAtK - (3.0 / 5 + 3.0 / 8) / 2) < 1e-12)
        #expect(abs(report.samples[0].passAtK - report.samples[0].majAtK) < 1e-12)  // one sample: both are its accuracy
        let chosen = try ComparisonBuilder(options: BuilderTestRows.options(ks: [8, 3])).build(ComparisonInput(rows: a, samples: samples))
        #expect(chosen.samples.map(\.k) == [3, 8, 3])  // k = 8 only where 8 samples exist
    }

    @Test func sequentialDecisionsUseRunsInOrder() throws {
        var rng = SplitMix64(seed: 3)
        var rows: [ResultRow] = []
        for (strategy, accuracy) in [("a", 0.3), ("b", 0.3), ("c", 0.95)] {
            for run in 0..<10 {
                for problem in 0..<20 {
                    let score: Double = rng.unitInterval() < accuracy ? 1 : 0
                    rows.append(ResultRow(strategy: strategy, problemID: "q\(problem)", run: "\(run)", score: score))
                }
            }
        }
        let report = try ComparisonBuilder(options: BuilderTestRows.options(reps: 50, sequential: true, alpha: 0.1)).build(ComparisonInput(rows: rows))
        let sequential = try #require(report.sequential)
        #expect(sequential.decisions.map { "\($0.a)-\($0.b)" } == ["a-b", "a-c", "b-c"])
        #expect(sequential.decisions[1].verdict == "differ" && sequential.decisions[1].better == "c")
        #expect(sequential.decisions[2].verdict == "differ" && sequential.decisions[2].better == "c")
        // a and b are alike; ten runs cover two of AdaStop's five looks, so the design is unfinished.
        #expect(sequential.decisions[0].verdict == "undecided" && sequential.decisions[0].better == nil)
        #expect(sequential.runsUsed == 10)
    }

    @Test func runLabelsSortNumericallyWhenTheyAreNumbers() {
        #expect(RunLabelOrder.sorted(["10", "2", "1", "2"]) == ["1", "2", "10"])
        #expect(RunLabelOrder.sorted(["seed-b", "seed-a", "3"]) == ["3", "seed-a", "seed-b"])
    }
}
