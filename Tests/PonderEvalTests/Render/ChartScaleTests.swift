import Testing

@testable import PonderEval

@Suite struct ChartScaleTests {
    @Test func linearAxesWidenToRoundTicks() {
        let x = ChartScale.linear(covering: [0.61, 0.83], pixels: 100...400)
        #expect(x.lower == 0.6 && abs(x.upper - 0.9) < 1e-12)
        #expect(x.ticks.map(x.label) == ["0.6", "0.7", "0.8", "0.9"])
        #expect(x.position(x.lower) == 100 && abs(x.position(x.upper) - 400) < 1e-9)
    }

    @Test func probabilityAxesTickInQuarters() {
        let y = ChartScale.linear(covering: [], pixels: 10...210, flipped: true, fixed: 0...1)
        #expect(y.ticks.map(y.label) == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        #expect(y.position(0) == 210 && y.position(1) == 10)
    }

    @Test func aSingleValueStillGetsAnAxis() {
        let x = ChartScale.linear(covering: [3, 3], pixels: 0...100)
        #expect(x.lower < 3 && x.upper > 3 && x.ticks.count >= 2)
    }

    @Test func logAxesTickAtRoundTokenCounts() {
        let x = ChartScale.logarithmic(covering: [893, 11_971], pixels: 0...300)
        #expect(x.ticks.map(x.label) == ["500", "1k", "2k", "5k", "10k", "20k"])
        let wide = ChartScale.logarithmic(covering: [90, 250_000], pixels: 0...300)
        #expect(wide.ticks.map(wide.label) == ["100", "1k", "10k", "100k"])
        #expect(wide.position(0) == 0)  // no log of zero: it sits at the low end
    }
}
