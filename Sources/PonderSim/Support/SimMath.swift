#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few math functions the sim needs, in one place.
public enum SimMath {
    public static func naturalLog(_ x: Double) -> Double { cLog(x) }
    public static func exponential(_ x: Double) -> Double { cExp(x) }
    public static func cosine(_ x: Double) -> Double { cCos(x) }

    /// The logistic function.
    public static func sigmoid(_ x: Double) -> Double { 1 / (1 + cExp(-x)) }

    /// The inverse of `sigmoid`, with `p` clamped away from 0 and 1.
    public static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-6), 1 - 1e-6)
        return cLog(q / (1 - q))
    }

    /// The standard normal cumulative distribution function Φ.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * cErfc(-x / 2.0.squareRoot()) }
}

// Free functions so that the libc names are not shadowed by `SimMath`'s members.
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func cCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func cErfc(_ x: Double) -> Double { erfc(x) }
