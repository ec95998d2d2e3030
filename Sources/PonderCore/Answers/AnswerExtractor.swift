/// Extracts the final answer from an LLM solution text.
///
/// Rules, in order (the first that finds something wins; see ``AnswerExtractionRule``):
/// 1. ``AnswerExtractionRule/boxed``: the content of the last top-level `\boxed{…}` or
///    `\fbox{…}`, with balanced braces (`\boxed{\frac{1}{2}}` → `\frac{1}{2}`; escaped braces
///    such as `\boxed{\{1,2\}}` are fine). A box nested in a box is part of the outer one, and a
///    box that wraps the whole content is unwrapped (`\boxed{\boxed{7}}` → `7`). Unbalanced
///    (truncated) and empty boxes are ignored. `\boxed 5` (no braces) gives `5`.
/// 2. ``AnswerExtractionRule/answerPhrase``: after the last "answer is" or "answer:"
///    (case-insensitive, so "The answer is", "the final answer is", "Answer:", "**Final
///    Answer:**"): a math span `$…$`, `$$…$$`, `\(…\)` or `\[…\]` if one starts there, else the
///    rest of the line up to the end of the sentence (a `.` followed by whitespace or the end)
///    or up to a top-level comma that starts a new clause (`5, which is odd` → `5`).
///    Markdown `*` and a trailing period are stripped; when the phrase ends its line, the next
///    non-empty line is used.
/// 3. ``AnswerExtractionRule/lastNumber``: the last number in the text (`-7`, `3.5`, `1,234`,
///    `3/4`), ignoring digits glued to letters (`x2`, `a_1`).
///
/// Returns `nil` when none applies.
public enum AnswerExtractor {
    public static func extract(from solution: String) -> ExtractedAnswer? {
        let bytes = Array(solution.utf8)
        let text = bytes[...]
        if let boxed = lastBoxedContent(in: text) {
            return ExtractedAnswer(text: AnswerBytes.string(boxed), rule: .boxed)
        }
        if let phrase = answerPhraseContent(in: text) {
            return ExtractedAnswer(text: AnswerBytes.string(phrase), rule: .answerPhrase)
        }
        if let number = lastNumber(in: text) {
            return ExtractedAnswer(text: AnswerBytes.string(number), rule: .lastNumber)
        }
        return nil
    }

    /// Rule 1 alone.
    public static func lastBoxedContent(in solution: String) -> String? {
        let bytes = Array(solution.utf8)
        return lastBoxedContent(in: bytes[...]).map(AnswerBytes.string)
    }

    /// Rule 2 alone.
    public static func answerPhraseContent(in solution: String) -> String? {
        let bytes = Array(solution.utf8)
        return answerPhraseContent(in: bytes[...]).map(AnswerBytes.string)
    }

    /// Rule 3 alone.
    public static func lastNumber(in solution: String) -> String? {
        let bytes = Array(solution.utf8)
        return lastNumber(in: bytes[...]).map(AnswerBytes.string)
    }

    // MARK: - Boxed

    static func lastBoxedContent(in s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var result: ArraySlice<UInt8>?
        var i = s.startIndex
        while i < s.endIndex {
            guard s[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            guard let box = box(in: s, at: i) else {
                i += 1
                continue
            }
            if let content = box.content { result = content }
            i = box.resume
        }
        while let current = result, let inner = wholeBoxContent(current) {
            result = inner
        }
        return result
    }

    /// The box whose backslash is at `index`: its trimmed non-empty content (nil when empty or
    /// unbalanced) and where scanning resumes. `nil` when no `\boxed`/`\fbox` starts there.
    private static func box(in s: ArraySlice<UInt8>, at index: Int)
        -> (content: ArraySlice<UInt8>?, resume: Int)? {
        let nameEnd = AnswerBytes.commandNameEnd(in: s, backslashAt: index)
        let name = s[(index + 1)..<nameEnd]
        guard AnswerBytes.equals(name, "boxed") || AnswerBytes.equals(name, "fbox") else { return nil }
        let open = AnswerBytes.skipWhitespace(in: s, from: nameEnd)
        if open < s.endIndex, s[open] == UInt8(ascii: "{") {
            guard let close = AnswerBytes.matchingBrace(in: s, openingAt: open) else {
                return (nil, open + 1)  // unbalanced (truncated): ignore it, keep scanning inside
            }
            let content = AnswerBytes.trimmed(s[(open + 1)..<close])
            return (content.isEmpty ? nil : content, close + 1)
        }
        guard open > nameEnd else { return (nil, nameEnd) }
        // `\boxed 5`: one token, up to whitespace or `$`.
        var end = open
        while end < s.endIndex, !AnswerBytes.isWhitespace(s[end]), s[end] != UInt8(ascii: "$") { end += 1 }
        return (end > open ? s[open..<end] : nil, end)
    }

    /// The content when `s` is exactly one box.
    private static func wholeBoxContent(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard let box = box(in: s, at: s.startIndex), let content = box.content,
              AnswerBytes.skipWhitespace(in: s, from: box.resume) == s.endIndex
        else { return nil }
        return content
    }

    // MARK: - Answer phrase

    static func answerPhraseContent(in s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var contentStarts: [Int] = []
        var i = s.startIndex
        while i + 6 <= s.endIndex {
            guard AnswerBytes.lowercased(s[i]) == UInt8(ascii: "a"), matchesAnswer(s, at: i),
                  i == s.startIndex || !AnswerBytes.isLetter(s[i - 1])
            else {
                i += 1
                continue
            }
            var j = i + 6
            while j < s.endIndex, s[j] == UInt8(ascii: "*") || s[j] == UInt8(ascii: " ") || s[j] == UInt8(ascii: "\t") {
                j += 1
            }
            if j < s.endIndex, s[j] == UInt8(ascii: ":") {
                contentStarts.append(j + 1)
            } else if j > i + 6, j + 2 <= s.endIndex,
                      AnswerBytes.lowercased(s[j]) == UInt8(ascii: "i"),
                      AnswerBytes.lowercased(s[j + 1]) == UInt8(ascii: "s"),
                      j + 2 == s.endIndex || !AnswerBytes.isLetter(s[j + 2]) {
                contentStarts.append(j + 2)
            }
            i = j
        }
        for start in contentStarts.reversed() {
            if let content = phraseContent(in: s, from: start) { return content }
        }
        return nil
    }

    private static func matchesAnswer(_ s: ArraySlice<UInt8>, at index: Int) -> Bool {
        let word: StaticString = "answer"
        return word.withUTF8Buffer { pattern in
            guard index + pattern.count <= s.endIndex else { return false }
            for (offset, byte) in pattern.enumerated() where AnswerBytes.lowercased(s[index + offset]) != byte {
                return false
            }
            return true
        }
    }

    private static func phraseContent(in s: ArraySlice<UInt8>, from start: Int) -> ArraySlice<UInt8>? {
        let end = s.endIndex
        var j = start
        while j < end, s[j] == UInt8(ascii: " ") || s[j] == UInt8(ascii: "\t") || s[j] == UInt8(ascii: "*")
                || s[j] == UInt8(ascii: ":") {
            j += 1
        }
        if j < end, s[j] == UInt8(ascii: "\n") || s[j] == UInt8(ascii: "\r") {
            while j < end, AnswerBytes.isWhitespace(s[j]) || s[j] == UInt8(ascii: "*") { j += 1 }
        }
        guard j < end else { return nil }

        if let math = mathSpan(in: s, at: j) {
            let content = strippingPhraseDecorations(math)
            if !content.isEmpty { return content }
        }
        var k = j
        var depth = 0
        while k < end {
            let byte = s[k]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: "."), k + 1 == end || AnswerBytes.isWhitespace(s[k + 1]) { break }
            if AnswerBytes.isOpeningBracket(byte) {
                depth += 1
            } else if AnswerBytes.isClosingBracket(byte) {
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth <= 0, startsClause(in: s, at: k + 1) {
                break
            }
            k += 1
        }
        let content = strippingPhraseDecorations(s[j..<k])
        return content.isEmpty ? nil : content
    }

    /// Whether whitespace then a word of two or more letters other than `and`/`or` starts at
    /// `index`: the comma before it ends the answer (`The answer is 5, which is odd.`), while
    /// `1, 2, and 3` or `x = 1, y = 2` continue.
    private static func startsClause(in s: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index < s.endIndex, AnswerBytes.isWhitespace(s[index]) else { return false }
        let wordStart = AnswerBytes.skipWhitespace(in: s, from: index)
        var wordEnd = wordStart
        while wordEnd < s.endIndex, AnswerBytes.isLetter(s[wordEnd]) { wordEnd += 1 }
        let word = s[wordStart..<wordEnd]
        guard word.count >= 2 else { return false }
        let lowered = word.map(AnswerBytes.lowercased)
        return !(lowered.elementsEqual("and".utf8) || lowered.elementsEqual("or".utf8))
    }

    /// The inside of `$…$`, `$$…$$`, `\(…\)` or `\[…\]` opening at `index`.
    private static func mathSpan(in s: ArraySlice<UInt8>, at index: Int) -> ArraySlice<UInt8>? {
        let end = s.endIndex
        let opener: [UInt8]
        let closer: [UInt8]
        if s[index] == UInt8(ascii: "$") {
            let double = index + 1 < end && s[index + 1] == UInt8(ascii: "$")
            opener = double ? [36, 36] : [36]
            closer = opener
        } else if s[index] == UInt8(ascii: "\\"), index + 1 < end,
                  s[index + 1] == UInt8(ascii: "(") || s[index + 1] == UInt8(ascii: "[") {
            opener = [s[index], s[index + 1]]
            closer = [UInt8(ascii: "\\"), s[index + 1] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")]
        } else {
            return nil
        }
        let bodyStart = index + opener.count
        var k = bodyStart
        while k + closer.count <= end {
            if s[k] == closer[0], closer.count == 1 || s[k + 1] == closer[1] {
                return s[bodyStart..<k]
            }
            k += 1
        }
        return nil
    }

    private static func strippingPhraseDecorations(_ input: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = AnswerBytes.trimmed(input)
        while let first = s.first, first == UInt8(ascii: "*") { s = AnswerBytes.trimmed(s.dropFirst()) }
        while let last = s.last, last == UInt8(ascii: "*") || last == UInt8(ascii: ".") {
            s = AnswerBytes.trimmed(s.dropLast())
        }
        return s
    }

    // MARK: - Last number

    static func lastNumber(in s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let end = s.endIndex
        var result: ArraySlice<UInt8>?
        var i = s.startIndex
        while i < end {
            let byte = s[i]
            let startsNumber = AnswerBytes.isDigit(byte)
                || (byte == UInt8(ascii: ".") && i + 1 < end && AnswerBytes.isDigit(s[i + 1]))
            guard startsNumber else {
                i += 1
                continue
            }
            var k = i
            while k < end, AnswerBytes.isDigit(s[k]) { k += 1 }
            // Thousands groups: `,ddd` not followed by another digit.
            while k + 4 <= end, s[k] == UInt8(ascii: ","), AnswerBytes.isDigit(s[k + 1]),
                  AnswerBytes.isDigit(s[k + 2]), AnswerBytes.isDigit(s[k + 3]),
                  k + 4 == end || !AnswerBytes.isDigit(s[k + 4]) {
                k += 4
            }
            if k + 1 < end, s[k] == UInt8(ascii: "."), AnswerBytes.isDigit(s[k + 1]) {
                k += 1
                while k < end, AnswerBytes.isDigit(s[k]) { k += 1 }
            }
            if k + 1 < end, s[k] == UInt8(ascii: "/"), AnswerBytes.isDigit(s[k + 1]) {
                k += 1
                while k < end, AnswerBytes.isDigit(s[k]) { k += 1 }
            }
            defer { i = k }
            if i > s.startIndex {
                let previous = s[i - 1]
                if AnswerBytes.isLetter(previous) || previous == UInt8(ascii: "_") { continue }
            }
            var start = i
            if start > s.startIndex, s[start - 1] == UInt8(ascii: "-") {
                let beforeSign = start - 1 > s.startIndex ? s[start - 2] : UInt8(ascii: " ")
                if !(AnswerBytes.isAlphanumeric(beforeSign) || AnswerBytes.isClosingBracket(beforeSign)) {
                    start -= 1
                }
            }
            result = s[start..<k]
        }
        return result
    }
}
