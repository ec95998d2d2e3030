/// FNV-1a, 64 bits: a hash of bytes that is the same in every process (Swift's `Hasher` is seeded per
/// process), for routing keys, cache keys and seeded choices. Cheap and allocation-free; not for
/// anything an adversary could aim at.
///
///     var hash = FNV1a()
///     hash.add(text.utf8)
///     hash.value
public struct FNV1a: Sendable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    public var value: UInt64

    @inlinable
    public init(seed: UInt64 = 0) {
        value = Self.offsetBasis ^ seed
    }

    @inlinable
    public mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    @inlinable
    public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { add(byte) }
    }
}
