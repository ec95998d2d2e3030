/// Syntactic normal form of an answer that is not a number, choice, word or collection
/// (`2\sqrt{3}`, `\frac{\pi}{2}`, `x^2+1`). No algebra is done: `2\cdot 3` and `6` stay different.
///
/// - all whitespace is dropped, except that a command followed by a letter keeps one space
///   (`\pi r`) and two numerals keep one space (`1 2` stays distinct from `12`);
/// - `\cdot`, `\times` and `*` become `*` before a digit (`2\cdot 3` → `2*3`) and implicit
///   multiplication otherwise (`2\cdot\sqrt{3}` → `2\sqrt{3}`, `a\times b` → `ab`);
/// - a single-character braced exponent or subscript loses its braces (`x^{2}` → `x^2`);
/// - numerals lose trailing fractional zeros (`0.50` → `0.5`, `2.0` → `2`; `.5` → `0.5`);
/// - a leading `+` is dropped.
enum ExpressionNormalizer {
    private enum TokenKind {
        case none, command, number, letter, other
    }

    static func normalize(_ s: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var last = TokenKind.none
        var i = s.startIndex
        let end = s.endIndex

        /// `\cdot`, `\times`, `*`: explicit only before a numeral. Returns the resume index.
        func multiplication(resumingAt index: Int) -> Int {
            let next = AnswerBytes.skipWhitespace(in: s, from: index)
            if next < end, AnswerBytes.isDigit(s[next]) || s[next] == UInt8(ascii: ".") {
                out.append(UInt8(ascii: "*"))
                last = .other
            }
            // Otherwise implicit: emit nothing and keep `last`, so `\pi\cdot r` → `\pi r`.
            return next
        }

        while i < end {
            let byte = s[i]
            if AnswerBytes.isWhitespace(byte) {
                i += 1
            } else if byte == UInt8(ascii: "\\") {
                let nameEnd = AnswerBytes.commandNameEnd(in: s, backslashAt: i)
                if nameEnd > i + 1 {
                    let name = s[(i + 1)..<nameEnd]
                    if AnswerBytes.equals(name, "cdot") || AnswerBytes.equals(name, "times") {
                        i = multiplication(resumingAt: nameEnd)
                        continue
                    }
                    out.append(contentsOf: s[i..<nameEnd])
                    last = .command
                    i = nameEnd
                } else {
                    let symbolEnd = min(i + 2, end)
                    out.append(contentsOf: s[i..<symbolEnd])
                    last = .other
                    i = symbolEnd
                }
            } else if byte == UInt8(ascii: "*") {
                i = multiplication(resumingAt: i + 1)
            } else if AnswerBytes.isDigit(byte)
                        || (byte == UInt8(ascii: ".") && i + 1 < end && AnswerBytes.isDigit(s[i + 1])) {
                if last == .number { out.append(UInt8(ascii: " ")) }
                i = appendNumeral(s, from: i, into: &out)
                last = .number
            } else if AnswerBytes.isLetter(byte) {
                if last == .command { out.append(UInt8(ascii: " ")) }
                out.append(byte)
                last = .letter
                i += 1
            } else if byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_") {
                out.append(byte)
                let j = AnswerBytes.skipWhitespace(in: s, from: i + 1)
                if j + 2 < end, s[j] == UInt8(ascii: "{"), s[j + 2] == UInt8(ascii: "}"),
                   AnswerBytes.isAlphanumeric(s[j + 1]) {
                    out.append(s[j + 1])
                    i = j + 3
                } else {
                    i = j
                }
                last = .other
            } else if byte == UInt8(ascii: "+"), out.isEmpty {
                i += 1
            } else {
                out.append(byte)
                last = .other
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Copies the numeral at `start` without trailing fractional zeros.
    private static func appendNumeral(_ s: ArraySlice<UInt8>, from start: Int, into out: inout [UInt8]) -> Int {
        var i = start
        while i < s.endIndex, AnswerBytes.isDigit(s[i]) { i += 1 }
        let integerPart = s[start..<i]
        guard i + 1 < s.endIndex, s[i] == UInt8(ascii: "."), AnswerBytes.isDigit(s[i + 1]) else {
            out.append(contentsOf: integerPart)
            return i
        }
        let fractionStart = i + 1
        i = fractionStart
        while i < s.endIndex, AnswerBytes.isDigit(s[i]) { i += 1 }
        var fractionEnd = i
        while fractionEnd > fractionStart, s[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
        if integerPart.isEmpty {
            out.append(UInt8(ascii: "0"))
        } else {
            out.append(contentsOf: integerPart)
        }
        if fractionEnd > fractionStart {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: s[fractionStart..<fractionEnd])
        }
        return i
    }
}
