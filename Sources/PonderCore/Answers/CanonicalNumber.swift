/// A numeric answer in canonical form.
///
/// Values are exact rationals whenever numerator and denominator fit in `Int64`
/// (`3.50` → `7/2`, `0.5` and `\frac{1}{2}` → `1/2`, `2.0` → `2`, `-0` → `0`). A value that does
/// not fit is kept as text: a decimal such as `123456789012345678901234.5` is normalised (no
/// leading zeros, no trailing fractional zeros, no `-0`), so equal decimals still compare equal;
/// a fraction or mixed number whose exact value overflows is kept unreduced (`(a)/(b)`).
///
/// Equality and hashing use `value` only; ``isApproximate`` and ``doubleValue`` are metadata for
/// the tolerance rule of ``AnswerEquivalence``.
public struct CanonicalNumber: Sendable, Hashable, CustomStringConvertible {
    public enum Value: Sendable, Hashable {
        case rational(ExactRational)
        /// Fallback for values that overflow `Int64` (see the type documentation).
        case text(String)
    }

    public let value: Value

    /// True when the number was written with many decimals (at least
    /// ``AnswerCanonicalizer/approximateFractionDigits`` digits after the point), which marks it
    /// as a rounded value: ``AnswerEquivalence`` then compares it with a relative tolerance.
    public let isApproximate: Bool

    /// Best `Double` approximation, used only by the tolerance rule.
    public let doubleValue: Double

    init(value: Value, isApproximate: Bool, doubleValue: Double) {
        self.value = value
        self.isApproximate = isApproximate
        self.doubleValue = doubleValue
    }

    init(_ rational: ExactRational, isApproximate: Bool = false) {
        self.init(value: .rational(rational), isApproximate: isApproximate, doubleValue: rational.doubleValue)
    }

    public static func == (lhs: CanonicalNumber, rhs: CanonicalNumber) -> Bool {
        lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    public var description: String {
        switch value {
        case .rational(let rational): rational.description
        case .text(let text): text
        }
    }

    func negated() -> CanonicalNumber {
        switch value {
        case .rational(let rational):
            return CanonicalNumber(value: .rational(rational.negated()), isApproximate: isApproximate,
                                   doubleValue: -doubleValue)
        case .text(let text):
            let flipped = text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text
            return CanonicalNumber(value: .text(flipped), isApproximate: isApproximate, doubleValue: -doubleValue)
        }
    }

    /// `nil` when dividing by zero.
    func divided(by divisor: CanonicalNumber) -> CanonicalNumber? {
        let approximate = isApproximate || divisor.isApproximate
        if case .rational(let a) = value, case .rational(let b) = divisor.value {
            guard b.numerator != 0 else { return nil }
            if let quotient = a.divided(by: b) {
                return CanonicalNumber(quotient, isApproximate: approximate)
            }
        }
        guard divisor.doubleValue != 0 else { return nil }
        return CanonicalNumber(value: .text("(\(self))/(\(divisor))"), isApproximate: approximate,
                               doubleValue: doubleValue / divisor.doubleValue)
    }

    func adding(_ other: CanonicalNumber) -> CanonicalNumber {
        let approximate = isApproximate || other.isApproximate
        if case .rational(let a) = value, case .rational(let b) = other.value, let sum = a.adding(b) {
            return CanonicalNumber(sum, isApproximate: approximate)
        }
        return CanonicalNumber(value: .text("(\(self))+(\(other))"), isApproximate: approximate,
                               doubleValue: doubleValue + other.doubleValue)
    }
}
