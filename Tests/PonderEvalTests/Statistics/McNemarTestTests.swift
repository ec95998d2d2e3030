@testable import PonderEval
import Testing

@Suite struct McNemarTestTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var onlyA: Int
            var onlyB: Int
            var exactP: Double
            var midP: Double
        }

        struct Tail: Decodable {
            var n: Int
            var m: Int
            var cdf: Double
            var pmf: Double
        }

        var cases: [Case]
        var tails: [Tail]
    }

    @Test func matchesStatsmodelsAndScipy() throws {
        let fixture: Fixture = try StatisticsFixtures.load("mcnemar.json")
        for c in fixture.cases {
            let test = McNemarTest(onlyA: c.onlyA, onlyB: c.onlyB)
            #expect(abs(test.exactP - c.exactP) < 1e-9, "exact p for \(c.onlyA), \(c.onlyB)")
            #expect(abs(test.midP - c.midP) < 1e-9, "mid-p for \(c.onlyA), \(c.onlyB)")
        }
        for t in fixture.tails {
            #expect(abs(FairCoinBinomial.lowerTail(t.m, trials: t.n) - t.cdf) < 1e-12, "P(X ≤ \(t.m)), n = \(t.n)")
            #expect(abs(FairCoinBinomial.pointMass(t.m, trials: t.n) - t.pmf) < 1e-12, "P(X = \(t.m)), n = \(t.n)")
        }
    }

    @Test func byHand() {
        // b = 12, c = 3: P(X ≤ 3) = (1 + 15 + 105 + 455)/2¹⁵ = 576/32768; p = 2·that.
        let test = McNemarTest(onlyA: 12, onlyB: 3)
        #expect(abs(test.exactP - 1152.0 / 32768) < 1e-15)
        #expect(abs(test.midP - (1152.0 - 455) / 32768) < 1e-15)
        let silent = McNemarTest(onlyA: 0, onlyB: 0)
        #expect(silent.exactP == 1 && silent.midP == 1)
    }
}
