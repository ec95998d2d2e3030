/// An exact rational number `numerator / denominator` in lowest terms with overflow-checked
/// arithmetic on `Int64`.
///
/// Invariants: `denominator > 0`, `gcd(|numerator|, denominator) == 1`, and neither part is
/// `Int64.min` (so negation can never overflow). Zero is always `0/1`. Every operation that
/// would overflow returns `nil`; callers then fall back to a normalised decimal string.
public struct ExactRational: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// Reduces to lowest terms and moves the sign to the numerator. `nil` for a zero
    /// denominator or an `Int64.min` part.
    public init?(numerator: Int64, denominator: Int64) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        let divisor = Int64(Self.gcd(numerator.magnitude, denominator.magnitude))
        var n = numerator / divisor
        var d = denominator / divisor
        if d < 0 {
            n = -n
            d = -d
        }
        self.numerator = n
        self.denominator = d
    }

    public var isInteger: Bool { denominator == 1 }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `"n"` for integers, `"n/d"` otherwise.
    public var description: String {
        denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    /// Never overflows: the invariants exclude `Int64.min`.
    public func negated() -> ExactRational {
        ExactRational(reduced: -numerator, denominator)
    }

    public func adding(_ other: ExactRational) -> ExactRational? {
        let divisor = Int64(Self.gcd(denominator.magnitude, other.denominator.magnitude))
        let left = other.denominator / divisor
        let right = denominator / divisor
        let (a, o1) = numerator.multipliedReportingOverflow(by: left)
        let (b, o2) = other.numerator.multipliedReportingOverflow(by: right)
        let (sum, o3) = a.addingReportingOverflow(b)
        let (d, o4) = denominator.multipliedReportingOverflow(by: left)
        guard !(o1 || o2 || o3 || o4) else { return nil }
        return ExactRational(numerator: sum, denominator: d)
    }

    public func multiplied(by other: ExactRational) -> ExactRational? {
        // Cross-reduce first so that products of reduced fractions overflow as late as possible.
        let g1 = Int64(Self.gcd(numerator.magnitude, other.denominator.magnitude))
        let g2 = Int64(Self.gcd(other.numerator.magnitude, denominator.magnitude))
        let (n, o1) = (numerator / g1).multipliedReportingOverflow(by: other.numerator / g2)
        let (d, o2) = (denominator / g2).multipliedReportingOverflow(by: other.denominator / g1)
        guard !(o1 || o2) else { return nil }
        return ExactRational(numerator: n, denominator: d)
    }

    /// `nil` when `other` is zero or on overflow.
    public func divided(by other: ExactRational) -> ExactRational? {
        guard other.numerator != 0,
              let reciprocal = ExactRational(numerator: other.denominator, denominator: other.numerator)
        else { return nil }
        return multiplied(by: reciprocal)
    }

    private init(reduced numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a
        var b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
