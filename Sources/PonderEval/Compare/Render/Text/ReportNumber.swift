/// How numbers look in the terminal table and the HTML report: fixed decimals, a missing value as "—".
///
/// Written without `String(format:)` so the library needs only FoundationEssentials.
///
///     ReportNumber.fixed(0.74251, decimals: 3)   // "0.743"
///     ReportNumber.fixed(nil, decimals: 3)       // "—"
public enum ReportNumber {
    /// What a value that does not apply shows as.
    public static let missing = "—"

    /// `value` rounded half away from zero to `decimals` places; never "-0.000".
    public static func fixed(_ value: Double?, decimals: Int) -> String {
        guard let value else { return missing }
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 a Double has no fractional digits left to show; print it whole.
        guard scaled < 9.0e15 else { return (value < 0 ? "-" : "") + String(Int64(abs(value).rounded())) }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var text = String(whole)
        if decimals > 0 {
            let fraction = String(units % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && units != 0 ? "-" : "") + text
    }

    /// A difference with its sign always shown: "+0.052", "-0.013", "0.000".
    public static func signed(_ value: Double?, decimals: Int) -> String {
        let text = fixed(value, decimals: decimals)
        guard let value, value.isFinite, !text.hasPrefix("-"), text.contains(where: { $0 != "0" && $0 != "." }) else { return text }
        return value > 0 ? "+" + text : text
    }

    /// "[low, high]" with both ends at `decimals` places.
    public static func interval(_ interval: Interval?, decimals: Int) -> String {
        guard let interval else { return missing }
        return "[\(fixed(interval.low, decimals: decimals)), \(fixed(interval.high, decimals: decimals))]"
    }

    /// A p-value to three places, or "<0.001" when it would round to zero.
    public static func pValue(_ value: Double?) -> String {
        guard let value else { return missing }
        return value < 0.0005 ? "<0.001" : fixed(value, decimals: 3)
    }

    /// A rank: whole ranks without decimals, shared (averaged) ranks with one ("1.5").
    public static func rank(_ value: Double?) -> String {
        guard let value else { return missing }
        return value == value.rounded() ? fixed(value, decimals: 0) : fixed(value, decimals: 1)
    }

    /// Decimals that keep about three significant digits for scores of this size: 0.743, 12.4, 1530.
    public static func decimals(forMagnitude magnitude: Double) -> Int {
        switch abs(magnitude) {
        case ..<10: 3
        case ..<100: 2
        case ..<1000: 1
        default: 0
        }
    }
}
