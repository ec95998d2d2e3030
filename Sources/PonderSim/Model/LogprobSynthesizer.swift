import PonderCore

/// Made-up but telling per-token log probabilities.
///
/// Tokens of a right step get a log probability in [−0.4, −0.05]; tokens of a wrongly computed value get
/// one in [−3, −1], with the right token as the most likely alternative. The probability mass left by the
/// chosen token is shared by the alternatives in a geometric series (60 %, 24 %, 9.6 %, …), so the top
/// list is a valid distribution, sorted descending.
public enum LogprobSynthesizer {
    static let fillers = [
        " the", "\n", " ", ".", ",", ":", " =", "Step", " answer", " is", "The", " result", " +", " -", " ×", " ÷",
        " 1", " 2", "0", "5",
    ]

    public static func logprobs(
        text: String, tokenRanges: [Range<Int>], wrongSpans: [GeneratedText.WrongSpan], seed: UInt64, top: Int
    ) -> [TokenLogprob] {
        let bytes = Array(text.utf8)
        let topCount = max(0, min(top, 20))
        var result: [TokenLogprob] = []
        result.reserveCapacity(tokenRanges.count)
        for (index, range) in tokenRanges.enumerated() {
            let token = String(decoding: bytes[range], as: UTF8.self)
            var rng = SplitMix64(seed: StableHash.combine(seed, StableHash.word(index), 0x6c70))
            let span = wrongSpans.first { $0.range.overlaps(range) }
            let logprob = span == nil ? -(0.05 + 0.35 * rng.nextUnit()) : -(1 + 2 * rng.nextUnit())
            var alternatives: [TokenLogprob.Alternative] = []
            if topCount > 0 {
                var candidates: [String] = []
                if let span { candidates.append(correctToken(for: range, in: span, text: bytes)) }
                candidates += digitVariants(token)
                let pick = rng.nextInt(in: 0...(fillers.count - 1))
                for k in 0..<fillers.count { candidates.append(fillers[(pick + 7 * k) % fillers.count]) }
                var seen: Set<String> = [token]
                var remaining = 1 - SimMath.exponential(logprob)
                alternatives.append(.init(token: token, logprob: logprob))
                for candidate in candidates where alternatives.count < topCount && !seen.contains(candidate) {
                    seen.insert(candidate)
                    let share = remaining * 0.6
                    remaining -= share
                    alternatives.append(.init(token: candidate, logprob: SimMath.naturalLog(max(share, 1e-12))))
                }
                alternatives.sort { $0.logprob > $1.logprob }
            }
            result.append(TokenLogprob(token: token, logprob: logprob, topLogprobs: alternatives))
        }
        return result
    }

    /// The token of the right value at the same position as `range` in a wrong span.
    static func correctToken(for range: Range<Int>, in span: GeneratedText.WrongSpan, text: [UInt8]) -> String {
        let correctRanges = SimTokenizer.ranges(span.correct)
        let spanTokens = SimTokenizer.ranges(String(decoding: text[span.range], as: UTF8.self))
        let local = range.lowerBound - span.range.lowerBound
        let position = spanTokens.firstIndex { $0.lowerBound >= local } ?? 0
        let correctBytes = Array(span.correct.utf8)
        let chosen = correctRanges[min(position, correctRanges.count - 1)]
        return String(decoding: correctBytes[chosen], as: UTF8.self)
    }

    /// Tokens that differ from a numeric token in its last digit.
    static func digitVariants(_ token: String) -> [String] {
        guard let last = token.utf8.last, last >= 0x30, last <= 0x39 else { return [] }
        let prefix = String(decoding: token.utf8.dropLast(), as: UTF8.self)
        return [1, 9, 2].map { prefix + String((Int(last) - 48 + $0) % 10) }
    }
}
