@testable import PonderEval
import Testing

@Suite struct HolmAdjustmentTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var p: [Double]
            var adjusted: [Double]
        }

        var cases: [Case]
    }

    @Test func matchesStatsmodels() throws {
        let fixture: Fixture = try StatisticsFixtures.load("holm.json")
        for c in fixture.cases {
            let adjusted = HolmAdjustment.adjust(c.p)
            #expect(zip(adjusted, c.adjusted).allSatisfy { abs($0 - $1) < 1e-12 }, "\(c.p) → \(adjusted)")
        }
    }

    @Test func byHandMonotoneAndCapped() {
        #expect(HolmAdjustment.adjust([0.01, 0.04, 0.03]) == [0.03, 0.06, 0.06])
        #expect(HolmAdjustment.adjust([0.6, 0.9]) == [1, 1])
        #expect(HolmAdjustment.adjust([]) == [])
    }
}
