@testable import PonderEval
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Vigna's splitmix64.c seeded with 1234567.
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                                  4_593_380_528_125_082_431, 16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in rng.next() } == expected)
    }

    @Test func sameSeedAndStreamGiveTheSameDraws() {
        var a = SplitMix64(seed: 9, stream: "summary/beam"), b = SplitMix64(seed: 9, stream: "summary/beam")
        var c = SplitMix64(seed: 9, stream: "summary/best-of-16")
        let drawsA = (0..<20).map { _ in a.index(below: 1000) }
        #expect(drawsA == (0..<20).map { _ in b.index(below: 1000) })
        #expect(drawsA != (0..<20).map { _ in c.index(below: 1000) })
    }

    @Test func indicesAreUniformAndInRange() {
        var rng = SplitMix64(seed: 3)
        var counts = Array(repeating: 0, count: 7)
        let draws = 70_000
        for _ in 0..<draws {
            let i = rng.index(below: 7)
            #expect((0..<7).contains(i))
            counts[i] += 1
        }
        // Each count is Binomial(70000, 1/7): mean 10000, sd ≈ 92.6; 5 sd is generous.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 463 })
        let unit = (0..<1_000).map { _ in rng.unitInterval() }
        #expect(unit.allSatisfy { (0..<1).contains($0) })
    }
}
