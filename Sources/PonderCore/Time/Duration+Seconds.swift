extension Duration {
    /// The duration in seconds, as a `Double` (`Duration` has no such accessor).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds, as a `Double` (computed directly, not as `inSeconds * 1000`).
    public var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
