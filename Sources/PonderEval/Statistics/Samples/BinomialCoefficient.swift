import Foundation

/// Binomial coefficients in floating point: exact while they fit in 53 bits (the running product
/// `C(n−k+i, i)` is an integer at every step), and in log space for sums of products too large for a
/// `Double`.
enum BinomialCoefficient {
    static func value(_ n: Int, _ k: Int) -> Double {
        guard (0...n).contains(k) else { return 0 }
        let k = min(k, n - k)
        var result = 1.0
        for i in stride(from: 1, through: k, by: 1) {
            result = result * Double(n - k + i) / Double(i)
        }
        return result.rounded()
    }

    static func logValue(_ n: Int, _ k: Int) -> Double {
        guard (0...n).contains(k) else { return -.infinity }
        return lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }

    /// `C(n, 0) … C(n, upTo)`.
    static func row(_ n: Int, upTo limit: Int) -> [Double] {
        (0...max(0, limit)).map { value(n, $0) }
    }
}
