@testable import PonderEval
import Testing

@Suite struct ComparisonBuilderErrorTests {
    private let builder = ComparisonBuilder(options: BuilderTestRows.options())

    @Test func noRowsIsAnError() {
        #expect(throws: ComparisonError.noRows) { try builder.build(ComparisonInput()) }
        #expect(ComparisonError.noRows.description.contains("no result rows"))
    }

    @Test func duplicateRowsAreNamed() {
        let rows = BuilderTestRows.rows("a", [1, 0]) + [ResultRow(strategy: "a", problemID: "p2", task: "", run: nil, score: 1)]
        let expected = ComparisonError.duplicateRow(strategy: "a", task: "", problemID: "p2", run: "")
        #expect(throws: expected) { try builder.build(ComparisonInput(rows: rows)) }
        #expect(expected.description.contains("'a'") && expected.description.contains("'p2'"))
    }

    @Test func strategiesWithNothingInCommonCannotBePaired() {
        let rows = BuilderTestRows.rows("a", [1, 0]) + [ResultRow(strategy: "b", problemID: "q1", score: 1)]
        #expect(throws: ComparisonError.nothingPaired(a: "a", b: "b")) { try builder.build(ComparisonInput(rows: rows)) }
    }

    @Test func optionsOutOfRangeAreErrors() {
        let rows = BuilderTestRows.rows("a", [1, 0])
        for options in [BuilderTestRows.options(reps: 0), CompareOptions(alpha: 1), BuilderTestRows.options(ks: [0, 2])] {
            #expect(throws: ComparisonError.self) { try ComparisonBuilder(options: options).build(ComparisonInput(rows: rows)) }
        }
    }

    @Test func nonFiniteScoresAndDuplicateSamplesAreErrors() {
        let bad = [ResultRow(strategy: "a", problemID: "p1", score: .nan)]
        #expect(throws: ComparisonError.nonFiniteScore(strategy: "a", problemID: "p1")) { try builder.build(ComparisonInput(rows: bad)) }
        let samples = Array(repeating: ProblemSamples(strategy: "a", problemID: "p1", answers: ["1"], correct: [true]), count: 2)
        #expect(throws: ComparisonError.duplicateSamples(strategy: "a", task: "", problemID: "p1", run: "")) {
            try builder.build(ComparisonInput(rows: BuilderTestRows.rows("a", [1]), samples: samples))
        }
    }
}
