import PonderCore

/// Reads a judge's verdict from the log probabilities of its first answer token.
///
/// P(yes) = e^{l_yes} / (e^{l_yes} + e^{l_no}), where l_yes sums (log-sum-exp) every alternative that
/// reads as a "yes" token (`Yes`, ` yes`, `YES`, or `+` when configured) and l_no likewise. A side that
/// is missing from the top alternatives is taken to be at most as likely as the least likely returned
/// alternative (the bound REFERENCES.md gives), so a judge that only lists "Yes" still yields a
/// probability below 1. Works on OpenAI's and llama.cpp's logprob formats alike (both decode to
/// `TokenLogprob`).
public struct JudgeVerdict: Sendable, Hashable {
    public var positive: Set<String>
    public var negative: Set<String>

    public init(positive: Set<String> = ["yes"], negative: Set<String> = ["no"]) {
        self.positive = Set(positive.map { $0.lowercased() })
        self.negative = Set(negative.map { $0.lowercased() })
    }

    /// `+`/`-` verdicts, as Math-Shepherd-style judges answer.
    public static let plusMinus = JudgeVerdict(positive: ["+"], negative: ["-"])

    /// The probability of a positive verdict, or nil when there are no logprobs at all.
    public func probabilityOfYes(firstToken: TokenLogprob?) -> Double? {
        guard let firstToken else { return nil }
        var alternatives = firstToken.topLogprobs
        if !alternatives.contains(where: { $0.token == firstToken.token }) {
            alternatives.append(.init(token: firstToken.token, logprob: firstToken.logprob))
        }
        let finite = alternatives.filter { $0.logprob.isFinite }
        guard let floor = finite.map(\.logprob).min() else { return nil }
        let yes = logSumExp(finite.filter { positive.contains(normalise($0.token)) }.map(\.logprob)) ?? floor
        let no = logSumExp(finite.filter { negative.contains(normalise($0.token)) }.map(\.logprob)) ?? floor
        let top = max(yes, no)
        let a = exp(yes - top)
        let b = exp(no - top)
        return a / (a + b)
    }

    private func normalise(_ token: String) -> String {
        var text = Substring(token)
        while let first = text.first, first.isWhitespace || first == "▁" || first == "Ġ" { text.removeFirst() }
        while let last = text.last, last.isWhitespace || last == "." || last == "," { text.removeLast() }
        return text.lowercased()
    }

    private func logSumExp(_ values: [Double]) -> Double? {
        guard let top = values.max() else { return nil }
        return top + log(values.reduce(0) { $0 + exp($1 - top) })
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
