import Foundation
@testable import PonderEval
import Testing

@Suite struct AdaStopTests {
    /// Normal draws by Box–Muller, from the seeded generator.
    private static func normals(_ count: Int, mean: Double, sd: Double, using rng: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in
            let u = 1 - rng.unitInterval(), v = rng.unitInterval()
            return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    /// Under the null (three strategies with one distribution) the chance of declaring any pair
    /// different must stay at α. 800 comparisons give a standard error of 0.0077 on a rate of 0.05;
    /// the bound α + 3 standard errors = 0.073 fails an implementation with the reference code's
    /// signed-maximum error, which rejects about twice as often.
    @Test func keepsTheFamilyWiseErrorUnderTheNull() async {
        let simulations = 800
        let falseRejections = await offPool {
            let design = AdaStop(runsPerLook: 5, maxLooks: 3, permutations: 200, alpha: 0.05)
            var rng = SplitMix64(seed: 2024)
            var count = 0
            for simulation in 0..<simulations {
                let scores = (0..<3).map { _ in Self.normals(15, mean: 0.5, sd: 0.1, using: &rng) }
                let outcome = design.compare(scores, seed: UInt64(simulation))
                if outcome.decisions.contains(where: { if case .differ = $0.verdict { true } else { false } }) {
                    count += 1
                }
            }
            return count
        }
        let rate = Double(falseRejections) / Double(simulations)
        let bound = 0.05 + 3 * (0.05 * 0.95 / Double(simulations)).squareRoot()
        #expect(rate <= bound, "false rejection rate \(rate) above \(bound)")
    }

    @Test func declaresClearlyDifferentStrategiesDifferentAndEqualOnesEqual() {
        var rng = SplitMix64(seed: 7)
        let scores = [
            Self.normals(10, mean: 0.30, sd: 0.05, using: &rng),
            Self.normals(10, mean: 0.30, sd: 0.05, using: &rng),
            Self.normals(10, mean: 0.80, sd: 0.05, using: &rng),
        ]
        let outcome = AdaStop(runsPerLook: 5, maxLooks: 2, permutations: 2_000, alpha: 0.05).compare(scores, seed: 1)
        let verdicts = outcome.decisions.map(\.verdict)
        #expect(verdicts == [.equal, .differ(better: 2), .differ(better: 2)])
        #expect(outcome.decisions[1].look == 0 && outcome.decisions[2].look == 0, "complete separation is enough at the first look")
        #expect(outcome.runsUsed == 10 && outcome.looks == 2)
    }

    @Test func stopsAsSoonAsEveryPairIsDecided() {
        let low = [0.10, 0.12, 0.11, 0.09, 0.13] + Array(repeating: 0.1, count: 20)
        let high = [0.90, 0.92, 0.91, 0.89, 0.93] + Array(repeating: 0.9, count: 20)
        // With n = 5, a complete separation has permutation probability 2/252 ≈ 0.008, so the first look
        // (level α/K) needs α/5 above that.
        let outcome = AdaStop(permutations: 2_000, alpha: 0.1).compare([low, high], seed: 0)
        #expect(outcome.decisions.map(\.verdict) == [.differ(better: 1)])
        #expect(outcome.runsUsed == 5 && outcome.looks == 1)
    }

    @Test func staysUndecidedWhenTheRunsRunOut() {
        var rng = SplitMix64(seed: 5)
        let scores = [Self.normals(7, mean: 0.5, sd: 0.1, using: &rng), Self.normals(7, mean: 0.5, sd: 0.1, using: &rng)]
        let outcome = AdaStop(permutations: 500).compare(scores, seed: 0)
        #expect(outcome.looks == 1 && outcome.runsUsed == 5)
        #expect(outcome.decisions.map(\.verdict) == [.undecided])
        let tooFew = AdaStop().compare([[0.1, 0.2], [0.3, 0.4]], seed: 0)
        #expect(tooFew.looks == 0 && tooFew.runsUsed == 0 && tooFew.decisions.map(\.verdict) == [.undecided])
    }

    @Test func theSameSeedGivesTheSameDecisions() {
        var rng = SplitMix64(seed: 9)
        let scores = (0..<4).map { Self.normals(10, mean: 0.5 + 0.05 * Double($0), sd: 0.05, using: &rng) }
        let design = AdaStop(runsPerLook: 5, maxLooks: 2, permutations: 1_000, alpha: 0.05)
        #expect(design.compare(scores, seed: 3) == design.compare(scores, seed: 3))
        #expect(design.compare(scores, seed: 3).decisions.count == 6)
    }

    @Test func theBoundaryLeavesTheAllowedTailAbove() {
        #expect(AdaStopState.boundary([5, 1, 4, 4, 2], tailBudget: 0) == 5)
        #expect(AdaStopState.boundary([5, 1, 4, 4, 2], tailBudget: 1) == 4)
        #expect(AdaStopState.boundary([5, 1, 4, 4, 2], tailBudget: 2) == 4)  // ties: only 5 lies above
        #expect(AdaStopState.boundary([5, 1], tailBudget: 2) == -.infinity)
    }
}
