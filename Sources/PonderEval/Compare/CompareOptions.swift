/// The knobs of `ponder compare`.
public struct CompareOptions: Sendable, Equatable {
    /// Bootstrap resamples.
    public var reps: Int
    /// Seed of every resampling, so the same input and seed give the same report.
    public var seed: UInt64
    /// Token budgets to read accuracy off each strategy's frontier at (`--at-tokens`).
    public var atTokens: [Double]
    /// Run AdaStop over runs (seeds) to decide which strategies differ (`--sequential`).
    public var sequential: Bool
    /// Family-wise error level of AdaStop.
    public var alpha: Double
    /// The k of pass@k and maj@k; empty means 1 and every power of two up to the fewest samples stored.
    public var ks: [Int]

    public init(reps: Int = 10_000, seed: UInt64 = 0, atTokens: [Double] = [], sequential: Bool = false, alpha: Double = 0.05, ks: [Int] = []) {
        self.reps = reps
        self.seed = seed
        self.atTokens = atTokens
        self.sequential = sequential
        self.alpha = alpha
        self.ks = ks
    }
}
