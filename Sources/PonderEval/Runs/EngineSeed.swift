import PonderCore

/// The seed the engine gets for one problem × seed: a stable mix of the problem's id and the seed
/// index, so every problem samples independently, and the same id and seed give the same search in
/// any process, on any run, at any concurrency.
///
/// The id is hashed with 64-bit FNV-1a (Swift's `Hasher` is seeded per process, so it cannot be used).
public enum EngineSeed {
    public static func derive(problemID: String, seed: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in problemID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return SeedMixer.mix(hash, UInt64(seed))
    }
}
