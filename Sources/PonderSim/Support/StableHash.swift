import PonderCore

/// Process-independent hashing for everything the sim derives from seeds and text.
///
/// Swift's `Hasher` is seeded randomly per process, so it can never decide a sample, a trap or a
/// noise draw: the sim must answer the same request with the same bytes in every run. This uses
/// FNV-1a over bytes and the SplitMix64 finalizer to mix and combine 64-bit values.
public enum StableHash {
    static let fnvOffset = FNV1a.offsetBasis
    static let fnvPrime = FNV1a.prime

    /// The SplitMix64 finalizer: a bijective avalanche of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Combines two values in order (`combine(a, b) != combine(b, a)` in general).
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix((a &* 0x9e37_79b9_7f4a_7c15) ^ mix(b &+ 0x632b_e59b_d9b4_e019))
    }

    /// Combines several values in order.
    public static func combine(_ first: UInt64, _ rest: UInt64...) -> UInt64 {
        var h = first
        for value in rest { h = combine(h, value) }
        return h
    }

    /// A signed integer as hash input.
    public static func word(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value)) }

    /// FNV-1a over the UTF-8 bytes of `text`, finalized with `mix`.
    public static func string(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var copy = text
        return copy.withUTF8 { bytes(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// FNV-1a over raw bytes, finalized with `mix`.
    public static func bytes(_ buffer: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hash = FNV1a(seed: seed)
        hash.add(buffer)
        return mix(hash.value)
    }

    /// FNV-1a over a byte sequence, finalized with `mix`.
    public static func bytes<S: Sequence>(_ sequence: S, seed: UInt64 = 0) -> UInt64 where S.Element == UInt8 {
        var hash = FNV1a(seed: seed)
        hash.add(sequence)
        return mix(hash.value)
    }

    /// A uniform number in [0, 1) derived from a hash value.
    public static func unit(_ hash: UInt64) -> Double {
        Double(mix(hash) >> 11) * 0x1p-53
    }
}
