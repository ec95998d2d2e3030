#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PonderCore

/// Seeded randomness for the searches (SplitMix64 over `SeedMixer`), never the system RNG, so
/// the same `SearchContext.seed` repeats the same choices.
struct SearchRandom: RandomNumberGenerator {
    private var state: UInt64

    /// `stream` separates the random choices of different strategies run with one seed.
    init(seed: UInt64, stream: UInt64) {
        state = SeedMixer.mix(seed, stream)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
    mutating func index(weightedBy weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return 0 }
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}

/// The libc math the searches need.
enum SearchMath {
    static func exp(_ x: Double) -> Double { libcExp(x) }
    static func log(_ x: Double) -> Double { libcLog(x) }

    /// log(p / (1 − p)) with p clipped to [1e-7, 1 − 1e-7], as its_hub's `_inv_sigmoid`.
    static func logit(_ p: Double) -> Double {
        let clipped = min(max(p, 1e-7), 1 - 1e-7)
        return log(clipped / (1 - clipped))
    }

    /// softmax(values / temperature), shifted by the maximum for stability; `-inf` entries get 0.
    static func softmax(_ values: [Double], temperature: Double) -> [Double] {
        let t = max(temperature, 1e-9)
        guard let top = values.filter(\.isFinite).max() else {
            return values.map { _ in 1 / Double(max(1, values.count)) }
        }
        let exps = values.map { $0.isFinite ? exp(($0 - top) / t) : 0 }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}

// Free functions so that the libc names are not shadowed by `SearchMath`'s members.
@inline(__always) private func libcExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libcLog(_ x: Double) -> Double { log(x) }
