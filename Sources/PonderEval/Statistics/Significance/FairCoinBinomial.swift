import Foundation

/// Probabilities of X ~ Binomial(n, ½), the null distribution of McNemar's exact test, accurate for any
/// n: one point mass comes from log-gamma, and the tail is summed from its largest term down through the
/// ratio `P(X = i - 1) / P(X = i) = i / (n - i + 1)`, so nothing overflows and no large terms cancel.
public enum FairCoinBinomial {
    public static func pointMass(_ x: Int, trials n: Int) -> Double {
        precondition(n >= 0, "a non-negative number of trials")
        guard (0...n).contains(x) else { return 0 }
        return exp(logChoose(n, x) - Double(n) * log(2.0))
    }

    /// P(X ≤ m).
    public static func lowerTail(_ m: Int, trials n: Int) -> Double {
        if m < 0 { return 0 }
        if m >= n { return 1 }
        // Past the middle the terms grow towards m; sum the other, decreasing tail instead.
        if 2 * m > n { return 1 - lowerTail(n - m - 1, trials: n) }
        var term = pointMass(m, trials: n)
        var sum = term
        var i = m
        while i > 0 {
            term *= Double(i) / Double(n - i + 1)
            sum += term
            if term < sum * 1e-17 { break }
            i -= 1
        }
        return min(1, sum)
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
