/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014): the
/// seedable generator behind every resampling in `ponder compare`.
///
/// Ponder draws from it rather than from the system generator so that the same input and seed give the
/// same report on every machine; `index(below:)` is written out for the same reason, since the standard
/// library's `Int.random(in:using:)` does not promise its algorithm.
///
/// ```swift
/// var rng = SplitMix64(seed: 7, stream: "pair/beam/best-of-16")
/// let i = rng.index(below: 500)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one named purpose. Streams with different names are unrelated, so adding a
    /// strategy to a comparison does not move the intervals of the others.
    public init(seed: UInt64, stream: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across processes, unlike `Hasher`
        for byte in stream.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: hash)
        state = seed ^ mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`, by Lemire's multiply-and-reject method (no modulo bias).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "an empty range has no index")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
