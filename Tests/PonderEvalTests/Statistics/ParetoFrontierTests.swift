@testable import PonderEval
import Testing

@Suite struct ParetoFrontierTests {
    private let points: [ParetoFrontier.Point] = [
        .init(cost: 100, quality: 0.40),  // cheapest: frontier
        .init(cost: 400, quality: 0.55),  // frontier
        .init(cost: 450, quality: 0.50),  // dominated by the 400-token point
        .init(cost: 1600, quality: 0.70),  // frontier
        .init(cost: 1600, quality: 0.70),  // an equal twin: neither dominates the other
        .init(cost: 100, quality: 0.30),  // same cost, lower score: dominated
    ]

    @Test func membershipByHand() {
        #expect(ParetoFrontier.membership(points) == [true, true, false, true, true, false])
    }

    @Test func budgetsReadTheBestAffordablePointWithoutExtrapolating() {
        #expect(ParetoFrontier.bestWithin(99, points: points) == nil)
        #expect(ParetoFrontier.bestWithin(100, points: points) == 0)
        #expect(ParetoFrontier.bestWithin(449, points: points) == 1)
        #expect(ParetoFrontier.bestWithin(1_000, points: points) == 1)  // no interpolation towards 1600
        #expect(ParetoFrontier.bestWithin(1e9, points: points) == 3)  // earlier twin wins the tie
        let onFrontier = ParetoFrontier.membership(points)
        for budget in [100.0, 300, 450, 2_000] {
            #expect(onFrontier[ParetoFrontier.bestWithin(budget, points: points)!])
        }
    }
}
