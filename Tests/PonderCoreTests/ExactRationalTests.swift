import PonderCore
import Testing

@Suite("Exact rationals")
struct ExactRationalTests {
    @Test("Reduction and sign normalisation")
    func reduction() throws {
        let r = try #require(ExactRational(numerator: 6, denominator: -4))
        #expect(r.numerator == -3)
        #expect(r.denominator == 2)
        #expect(r.description == "-3/2")
        let zero = try #require(ExactRational(numerator: 0, denominator: -7))
        #expect(zero.numerator == 0 && zero.denominator == 1)
        #expect(ExactRational(numerator: 1, denominator: 0) == nil)
        #expect(ExactRational(numerator: .min, denominator: 1) == nil)
    }

    @Test("Arithmetic is exact and overflow-checked")
    func arithmetic() throws {
        let half = try #require(ExactRational(numerator: 1, denominator: 2))
        let third = try #require(ExactRational(numerator: 1, denominator: 3))
        #expect(half.adding(third)?.description == "5/6")
        #expect(half.multiplied(by: third)?.description == "1/6")
        #expect(half.divided(by: third)?.description == "3/2")
        #expect(half.negated().description == "-1/2")
        #expect(half.divided(by: try #require(ExactRational(numerator: 0, denominator: 1))) == nil)

        let big = try #require(ExactRational(numerator: .max, denominator: 1))
        #expect(big.adding(big) == nil)
        #expect(big.multiplied(by: try #require(ExactRational(numerator: 2, denominator: 1))) == nil)
        // Cross-reduction avoids a spurious overflow.
        let almost = try #require(ExactRational(numerator: .max, denominator: 3))
        #expect(almost.multiplied(by: try #require(ExactRational(numerator: 3, denominator: .max)))?.description == "1")
    }
}
