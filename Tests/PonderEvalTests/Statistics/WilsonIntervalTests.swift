@testable import PonderEval
import Testing

@Suite struct WilsonIntervalTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var successes: Int
            var count: Int
            var low: Double
            var high: Double
        }

        var cases: [Case]
    }

    @Test func matchesStatsmodels() throws {
        let fixture: Fixture = try StatisticsFixtures.load("wilson.json")
        for c in fixture.cases {
            let interval = WilsonInterval.interval(successes: c.successes, count: c.count)
            #expect(abs(interval.low - c.low) < 1e-9 && abs(interval.high - c.high) < 1e-9, "\(c.successes)/\(c.count)")
        }
    }

    @Test func byHandForEightOfTen() {
        // p = 0.8, n = 10, z² = 3.8415: centre (0.8 + 0.19207)/1.38415 = 0.71673,
        // half width 1.95996/1.38415 · √(0.016 + 0.0096036) = 0.22657.
        let interval = WilsonInterval.interval(successes: 8, count: 10)
        #expect(abs(interval.low - 0.49016) < 1e-5 && abs(interval.high - 0.94332) < 1e-5)
    }

    @Test func staysInsideTheUnitIntervalAtTheEdges() {
        let none = WilsonInterval.interval(successes: 0, count: 5), all = WilsonInterval.interval(successes: 5, count: 5)
        #expect(none.low == 0 && none.high > 0 && all.high == 1 && all.low < 1)
    }
}
