/// McNemar's exact test for paired 0/1 outcomes: under the null that both strategies are equally good,
/// each discordant pair is equally likely to favour either one, so the smaller discordant count is
/// Binomial(b + c, ½).
///
/// - exact two-sided p = min(1, 2·P(X ≤ min(b, c)));
/// - mid-p = 2·[P(X ≤ min(b, c)) − ½·P(X = min(b, c))] (Fagerland, Lydersen & Laake, "The McNemar test
///   for binary matched-pairs data: mid-p and asymptotic are better than exact conditional", 2013),
///   which is less conservative than the exact p and keeps its level closely in their study.
///
/// With no discordant pairs there is no evidence either way: both p-values are 1.
///
/// ```swift
/// let test = McNemarTest(onlyA: 12, onlyB: 3)
/// test.exactP  // 0.0352
/// ```
public struct McNemarTest: Sendable, Equatable {
    public let onlyA: Int
    public let onlyB: Int
    public let exactP: Double
    public let midP: Double

    public init(onlyA: Int, onlyB: Int) {
        precondition(onlyA >= 0 && onlyB >= 0, "discordant counts are non-negative")
        self.onlyA = onlyA
        self.onlyB = onlyB
        let discordant = onlyA + onlyB
        let smaller = min(onlyA, onlyB)
        let tail = FairCoinBinomial.lowerTail(smaller, trials: discordant)
        let point = FairCoinBinomial.pointMass(smaller, trials: discordant)
        exactP = min(1, 2 * tail)
        midP = min(1, 2 * tail - point)
    }
}
