/// AdaStop (Mathieu et al., "AdaStop: adaptive statistical testing for sound comparisons of Deep RL
/// agents", 2023): a sequential permutation test that decides, for every pair of strategies, whether
/// they differ, looking at the runs (seeds) in batches and stopping as soon as every pair is decided,
/// while holding the family-wise error over all pairs and all looks at `alpha`.
///
/// Design: at most `maxLooks` interim looks (K), each adding `runsPerLook` runs (n) per strategy. At look
/// k (0-based) the statistic of a pair is |Σ runs of a − Σ runs of b| over everything seen so far. Its
/// null distribution comes from `permutations` (B) permutation paths: each path splits every look's
/// pooled block of 2n runs into two halves, the same split for every pair; the first path is the
/// identity split (the data), which makes the Monte Carlo test exact under exchangeability. Level is
/// spent linearly, α·(k+1)/K by look k. Step-down at each look: the boundary is the smallest value whose
/// tail of path maxima (over undecided pairs), plus the level spent at earlier looks, stays within the
/// level of this look; the largest undecided statistic above it is rejected, and this repeats with the
/// remaining pairs. Paths whose maximum crossed the boundary at a look are dropped from later looks,
/// and their mass is the level spent. Pairs still undecided after look K−1 are declared equal; pairs
/// still undecided when the runs run out before it stay undecided.
///
/// Unlike the reference implementation, which compares the maximum of the *signed* permutation values
/// with an absolute statistic (about doubling false rejections, see the reference notes), both sides
/// here are absolute values.
///
/// Defaults are the library's: n = 5, K = 5, B = 10,000; α defaults to 0.05 (the library's CLI).
///
/// ```swift
/// let outcome = AdaStop(alpha: 0.05).compare([runsOfA, runsOfB, runsOfC], seed: 0)
/// ```
public struct AdaStop: Sendable, Equatable {
    public var runsPerLook: Int
    public var maxLooks: Int
    public var permutations: Int
    public var alpha: Double

    public init(runsPerLook: Int = 5, maxLooks: Int = 5, permutations: Int = 10_000, alpha: Double = 0.05) {
        precondition(runsPerLook >= 1 && maxLooks >= 1 && permutations >= 1, "a positive design")
        precondition(alpha > 0 && alpha < 1, "alpha in (0, 1)")
        self.runsPerLook = runsPerLook
        self.maxLooks = maxLooks
        self.permutations = permutations
        self.alpha = alpha
    }

    public enum Verdict: Sendable, Equatable {
        /// The strategies differ; `better` is the index of the one with the higher mean.
        case differ(better: Int)
        /// No difference found by the end of the design.
        case equal
        /// The runs ran out before the design's last look.
        case undecided
    }

    public struct PairDecision: Sendable, Equatable {
        public var first: Int
        public var second: Int
        public var verdict: Verdict
        /// The look (0-based) at which the pair was decided; nil while undecided.
        public var look: Int?
    }

    public struct Outcome: Sendable, Equatable {
        /// Looks taken, and runs per strategy they used.
        public var looks: Int
        public var runsUsed: Int
        /// Every pair `first < second`, in lexicographic order.
        public var decisions: [PairDecision]
    }

    /// Compares strategies given each one's run scores in run order; only the first
    /// `runsPerLook × maxLooks` runs can be used, and a look needs `runsPerLook` runs of every strategy.
    public func compare(_ runScores: [[Double]], seed: UInt64) -> Outcome {
        var rng = SplitMix64(seed: seed, stream: "adastop")
        var state = AdaStopState(design: self, runScores: runScores)
        let availableLooks = min(maxLooks, (runScores.map(\.count).min() ?? 0) / runsPerLook)
        var looks = 0
        for look in 0..<availableLooks where !state.undecided.isEmpty {
            state.takeLook(look, using: &rng)
            looks = look + 1
        }
        if looks == maxLooks { state.acceptRemaining(look: looks - 1) }
        return Outcome(looks: looks, runsUsed: looks * runsPerLook, decisions: state.decisions)
    }
}
