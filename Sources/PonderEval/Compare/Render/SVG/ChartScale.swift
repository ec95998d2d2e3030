#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps data values to pixels along one axis, linearly or on a log₁₀ scale, with tick positions at
/// round numbers (1, 2, 2.5, 5 × 10ᵏ on linear axes; powers of ten, and 2× and 5× on short log axes).
///
///     let x = ChartScale.linear(covering: [0.61, 0.83], pixels: 100...460)
///     x.position(0.7)   // a pixel between 100 and 460
///     x.ticks           // [0.6, 0.65, 0.7, 0.75, 0.8, 0.85]
struct ChartScale: Sendable {
    enum Kind: Sendable { case linear, logarithmic }

    let kind: Kind
    /// The data interval the axis shows (already widened to round tick values).
    let lower: Double
    let upper: Double
    let pixels: ClosedRange<Double>
    /// Pixels grow downwards on the vertical axis; `flipped` puts `lower` at the bottom.
    let flipped: Bool
    let ticks: [Double]
    /// Decimals tick labels need on a linear axis.
    private let tickDecimals: Int

    /// A linear axis covering `values` (non-finite ones ignored) widened to round ticks; `fixed` forces
    /// the domain instead (probabilities run from 0 to 1).
    static func linear(covering values: [Double], pixels: ClosedRange<Double>, flipped: Bool = false, fixed: ClosedRange<Double>? = nil, tickCount: Int = 5) -> ChartScale {
        var low = fixed?.lowerBound ?? values.filter(\.isFinite).min() ?? 0
        var high = fixed?.upperBound ?? values.filter(\.isFinite).max() ?? 1
        if high - low < 1e-12 {
            let pad = low == 0 ? 0.5 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = niceStep((high - low) / Double(max(1, tickCount - 1)))
        // Ticks are whole multiples of the step, counted in integers so rounding cannot drop an end one,
        // and divided rather than multiplied for steps below one, so 6 × 0.1 is written as 0.6 exactly.
        func multiple(_ count: Int) -> Double { step < 1 ? Double(count) / (1 / step).rounded() : Double(count) * step }
        var first = Int((low / step - 1e-9).rounded(.up))
        var last = Int((high / step + 1e-9).rounded(.down))
        if fixed == nil {
            first = Int((low / step + 1e-9).rounded(.down))
            last = Int((high / step - 1e-9).rounded(.up))
            (low, high) = (multiple(first), multiple(last))
        }
        let ticks = first <= last ? (first...last).map(multiple) : []
        // Decimals that write every multiple of the step exactly: 0.25 needs two, 0.5 one, 25 none.
        let exponent = Int((log10(step) + 1e-9).rounded(.down))
        let isTwoAndAHalf = abs(step / pow(10, Double(exponent)) - 2.5) < 1e-9
        let decimals = max(0, -exponent + (isTwoAndAHalf ? 1 : 0))
        return ChartScale(kind: .linear, lower: low, upper: high, pixels: pixels, flipped: flipped, ticks: ticks, tickDecimals: decimals)
    }

    /// A log₁₀ axis covering the positive `values` with a margin, from a round number (1, 2 or 5 × 10ᵏ)
    /// below the smallest to one above the largest; ticks at the powers of ten inside, and at 2× and 5×
    /// as well when the axis spans less than two decades.
    static func logarithmic(covering values: [Double], pixels: ClosedRange<Double>, flipped: Bool = false) -> ChartScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        var low = roundDown((positive.min() ?? 1) / 1.25)
        var high = roundUp((positive.max() ?? 10) * 1.25)
        if high <= low { (low, high) = (roundDown(low / 2), roundUp(high * 2)) }
        let multiples: [Double] = log10(high / low) < 2 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        var exponent = log10(low).rounded(.down)
        while pow(10, exponent) <= high * (1 + 1e-9) {
            for multiple in multiples {
                let tick = multiple * pow(10, exponent)
                if tick >= low * (1 - 1e-9), tick <= high * (1 + 1e-9) { ticks.append(tick) }
            }
            exponent += 1
        }
        return ChartScale(kind: .logarithmic, lower: low, upper: high, pixels: pixels, flipped: flipped, ticks: ticks, tickDecimals: 0)
    }

    /// The largest 1, 2 or 5 × 10ᵏ at most `value`.
    private static func roundDown(_ value: Double) -> Double {
        let power = pow(10, log10(value).rounded(.down))
        return [5.0, 2, 1].map { $0 * power }.first { $0 <= value * (1 + 1e-9) } ?? power
    }

    /// The smallest 1, 2 or 5 × 10ᵏ at least `value`.
    private static func roundUp(_ value: Double) -> Double {
        let power = pow(10, log10(value).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= value * (1 - 1e-9) } ?? 10 * power
    }

    /// The pixel of `value`; values outside the domain land outside `pixels` (except below a log axis).
    func position(_ value: Double) -> Double {
        let fraction: Double
        switch kind {
        case .linear: fraction = (value - lower) / (upper - lower)
        // Zero or negative values have no place on a log axis; they sit at its low end.
        case .logarithmic: fraction = (log10(max(value, lower)) - log10(lower)) / (log10(upper) - log10(lower))
        }
        let start = flipped ? pixels.upperBound : pixels.lowerBound
        let end = flipped ? pixels.lowerBound : pixels.upperBound
        return start + fraction * (end - start)
    }

    /// A tick's label: fixed decimals on linear axes; 500, 2k, 10k, 1M on log axes.
    func label(_ tick: Double) -> String {
        switch kind {
        case .linear: return ReportNumber.fixed(tick, decimals: tickDecimals)
        case .logarithmic:
            for (size, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where tick >= size {
                return ReportNumber.rank(tick / size) + suffix
            }
            return ReportNumber.rank(tick)
        }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the smallest at least `rough`.
    private static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, log10(rough).rounded(.down))
        for multiple in [1.0, 2, 2.5, 5, 10] where multiple * power >= rough * (1 - 1e-9) { return multiple * power }
        return 10 * power
    }
}
