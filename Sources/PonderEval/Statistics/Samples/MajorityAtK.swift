import Foundation

/// The unbiased maj@k estimator: from n stored samples of one problem, the average over all C(n, k)
/// size-k subsets of whether a majority vote over the subset is right. It is computed exactly, without
/// listing subsets, by counting how many samples of each answer class a subset draws (a multivariate
/// hypergeometric count).
///
/// Rules (documented because the literature differs):
/// - Samples without an answer abstain: they fill a subset but never vote. A subset of abstentions only
///   scores 0.
/// - The vote goes to the answer class with the most samples in the subset. When several classes tie,
///   the subset earns the fraction of the tied classes that are correct (a uniformly random pick among
///   the tied classes, in expectation).
/// - A class's correctness is the share of its samples graded correct: 0 or 1 when equal answers get
///   equal grades.
///
/// ```swift
/// let tally = MajorityAtK.Tally(answers: ["4", "4", "5", nil], correct: [true, true, false, false])
/// MajorityAtK.estimate(tally, k: 3)
/// ```
public enum MajorityAtK {
    public struct AnswerClass: Sendable, Equatable {
        public var size: Int
        /// Share of this class's samples graded correct.
        public var credit: Double

        public init(size: Int, credit: Double) {
            self.size = size
            self.credit = credit
        }
    }

    /// One problem's samples grouped by answer.
    public struct Tally: Sendable, Equatable {
        public var classes: [AnswerClass]
        public var abstentions: Int

        public init(classes: [AnswerClass], abstentions: Int) {
            self.classes = classes
            self.abstentions = abstentions
        }

        public init(answers: [String?], correct: [Bool]) {
            precondition(answers.count == correct.count, "one grade per sample")
            var order: [String] = []
            var sizes: [String: Int] = [:], right: [String: Int] = [:]
            var abstentions = 0
            for (answer, isCorrect) in zip(answers, correct) {
                guard let answer else {
                    abstentions += 1
                    continue
                }
                if sizes[answer] == nil { order.append(answer) }
                sizes[answer, default: 0] += 1
                if isCorrect { right[answer, default: 0] += 1 }
            }
            self.abstentions = abstentions
            classes = order.map { AnswerClass(size: sizes[$0]!, credit: Double(right[$0, default: 0]) / Double(sizes[$0]!)) }
        }

        public var sampleCount: Int { classes.reduce(abstentions) { $0 + $1.size } }
    }

    /// maj@k for one problem, `1 ≤ k ≤ tally.sampleCount`.
    ///
    /// For each class j that earns credit and each count v it may draw, the subsets where j draws v
    /// samples, every other class at most v, and exactly t others exactly v, earn `credit_j / (1 + t)`.
    /// Classes smaller than v can never tie, so they join the abstentions in one unconstrained pool
    /// (Vandermonde's identity); a dynamic programme over the remaining rivals counts the rest.
    public static func estimate(_ tally: Tally, k: Int) -> Double {
        let n = tally.sampleCount
        precondition((1...n).contains(k), "1 ≤ k ≤ number of samples")
        let logSubsets = BinomialCoefficient.logValue(n, k)
        var total = 0.0
        for (j, winner) in tally.classes.enumerated() where winner.credit > 0 {
            for v in stride(from: 1, through: min(winner.size, k), by: 1) {
                let others = tally.classes.indices.filter { $0 != j }.map { tally.classes[$0] }
                let rivals = others.filter { $0.size >= v }
                let pool = others.filter { $0.size < v }.reduce(tally.abstentions) { $0 + $1.size }
                let tieCounts = subsetsByTies(
                    rest: k - v, drawn: v, pool: pool, rivals: rivals,
                    logScale: BinomialCoefficient.logValue(winner.size, v) - logSubsets
                )
                for (t, weight) in tieCounts.enumerated() {
                    total += winner.credit * weight / Double(t + 1)
                }
            }
        }
        return min(1, total)
    }

    /// Weights (times `exp(logScale)`) of drawing `rest` samples from the pool and the rivals with every
    /// rival drawing at most `drawn`, indexed by how many rivals draw exactly `drawn`.
    private static func subsetsByTies(rest: Int, drawn v: Int, pool: Int, rivals: [AnswerClass], logScale: Double) -> [Double] {
        let maxTies = min(rivals.count, rest / v)
        // weights[s][t]: s samples drawn so far, t rivals at exactly v.
        var weights = Array(repeating: Array(repeating: 0.0, count: maxTies + 1), count: rest + 1)
        for s in 0...min(pool, rest) {
            weights[s][0] = exp(logScale + BinomialCoefficient.logValue(pool, s))
        }
        for rival in rivals {
            let ways = BinomialCoefficient.row(rival.size, upTo: v)
            var next = Array(repeating: Array(repeating: 0.0, count: maxTies + 1), count: rest + 1)
            for s in 0...rest {
                for t in 0...maxTies where weights[s][t] != 0 {
                    for d in 0...min(v, rest - s) {
                        let tied = d == v ? t + 1 : t
                        guard tied <= maxTies else { continue }
                        next[s + d][tied] += weights[s][t] * ways[d]
                    }
                }
            }
            weights = next
        }
        return weights[rest]
    }
}
