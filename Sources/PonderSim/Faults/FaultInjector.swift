/// Decides per request whether to inject a fault and which, from a seeded draw on the request ordinal.
///
/// The draw depends on (seed, ordinal) only, so a retried request (a new ordinal) gets a fresh draw.
public struct FaultInjector: Sendable {
    public var rate: Double
    public var kinds: [SimFaultKind]
    public var seed: UInt64

    public init(rate: Double, kinds: [SimFaultKind], seed: UInt64) {
        self.rate = rate
        self.kinds = kinds
        self.seed = seed
    }

    /// The fault for request number `ordinal`, if any.
    public func fault(forRequest ordinal: UInt64) -> SimFaultKind? {
        guard rate > 0, !kinds.isEmpty else { return nil }
        var rng = SplitMix64(seed: StableHash.combine(seed, ordinal, 0x6661_756c_74))
        guard rng.nextUnit() < rate else { return nil }
        return kinds[rng.nextInt(in: 0...(kinds.count - 1))]
    }
}
