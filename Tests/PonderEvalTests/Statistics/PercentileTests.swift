@testable import PonderEval
import Testing

@Suite struct PercentileTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var values: [Double]
            var q: [Double]
            var percentile: [Double]
        }

        var cases: [Case]
    }

    @Test func matchesNumpyLinearInterpolation() throws {
        let fixture: Fixture = try StatisticsFixtures.load("percentile.json")
        #expect(fixture.cases.count == 5)
        for c in fixture.cases {
            for (q, expected) in zip(c.q, c.percentile) {
                #expect(abs(Percentile.quantile(of: c.values, q) - expected) < 1e-12, "q=\(q) of \(c.values)")
            }
        }
    }

    @Test func interpolatesBetweenOrderStatisticsByHand() {
        #expect(Percentile.quantile(ofSorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(Percentile.quantile(ofSorted: [10, 20], 0.25) == 12.5)
        #expect(Percentile.median(of: [3, 1, 2]) == 2)
        let interval = Percentile.centralInterval(of: (0...40).map(Double.init))
        #expect(abs(interval.low - 1) < 1e-12 && interval.high == 39)
    }
}
