/// Applies stop strings and `max_tokens` to generated text, as an inference server does.
///
/// A stop string cuts the text at its earliest occurrence and is left out of the output (finish reason
/// "stop"); the stop string's tokens still count as generated. Text that reaches the end of the solution
/// costs one more token for end-of-sequence. `max_tokens` truncates at a token boundary (finish reason
/// "length").
public enum ChoiceFinisher {
    public struct Finished: Sendable, Equatable {
        public var text: String
        public var finishReason: String
        public var completionTokens: Int
        /// UTF-8 ranges of the tokens of `text`.
        public var tokenRanges: [Range<Int>]
    }

    public static func finish(_ generated: GeneratedText, stop: [String], maxTokens: Int?) -> Finished {
        var text = generated.text
        var extra = 0
        var finishReason = "stop"
        var reachesEnd = generated.reachesEnd
        if let (offset, matched) = earliestStop(in: text, stops: stop) {
            let utf8 = text.utf8
            text = String(text[..<utf8.index(utf8.startIndex, offsetBy: offset)])
            extra = SimTokenizer.count(matched)
            reachesEnd = false
        }
        if reachesEnd { extra = 1 }
        var ranges = SimTokenizer.ranges(text)
        var completionTokens = ranges.count + extra
        if let maxTokens, completionTokens > maxTokens {
            finishReason = "length"
            completionTokens = maxTokens
            if ranges.count > maxTokens {
                ranges.removeLast(ranges.count - maxTokens)
                let end = ranges.last?.upperBound ?? 0
                let utf8 = text.utf8
                text = String(text[..<utf8.index(utf8.startIndex, offsetBy: end)])
            }
        }
        return Finished(text: text, finishReason: finishReason, completionTokens: completionTokens, tokenRanges: ranges)
    }

    /// The UTF-8 offset and text of the earliest stop string in `text`.
    static func earliestStop(in text: String, stops: [String]) -> (Int, String)? {
        guard !stops.isEmpty else { return nil }
        let haystack = Array(text.utf8)
        var best: (Int, String)?
        for stop in stops where !stop.isEmpty {
            let needle = Array(stop.utf8)
            guard needle.count <= haystack.count else { continue }
            let limit = min(haystack.count - needle.count, (best?.0 ?? Int.max) - 1)
            guard limit >= 0 else { continue }
            var i = 0
            search: while i <= limit {
                if haystack[i] == needle[0] {
                    var k = 1
                    while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        best = (i, stop)
                        break search
                    }
                }
                i += 1
            }
        }
        return best
    }
}
