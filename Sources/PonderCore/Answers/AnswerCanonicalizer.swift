/// Turns an answer string into a ``CanonicalAnswer``.
///
/// The answer first goes through ``LaTeXCleaner`` (presentation LaTeX, units, Unicode), then
/// the first of these rules that applies decides its shape:
///
/// 1. Surrounding whitespace, one trailing sentence period, and redundant outer braces `{…}`
///    are removed.
/// 2. A leading single-variable prefix `x =`, `x_1 =`, `\theta =`, `x \in` or `x \approx` is
///    stripped: `x = 3` ≡ `3` (and so ≡ `y = 3`); `2x = 6` and `x^2 = 9` are not stripped.
/// 3. `\pm X` (or `±X`) is the set `\{X, -X\}`: `x = \pm 2` ≡ `2, -2`.
/// 4. A multiple-choice letter: `A`…`J` alone, `(A)`, `A)`, or `(A)` followed by text
///    (`(B) 12`, `\textbf{(B) }12`). Lowercase letters are variables, not choices: `a` ≢ `A`.
/// 5. A number (``NumberParser``): integers, decimals, thousands separators, fractions,
///    percentages (`50%` ≡ `50`, the MATH-grader convention: the `%` is dropped, so
///    `50%` ≢ `0.5`), mixed numbers, scientific notation.
/// 6. A number followed by unit words after a space: `5 cm`, `4 square units`, `45 degrees`.
/// 7. A union `A \cup B` (parts canonicalised, order kept).
/// 8. A set `\{…\}` (order-insensitive, duplicates removed); `\emptyset` is the empty set.
/// 9. A bracketed tuple or interval `(a, b)`, `[a, b)`, … (or vector `\langle a, b\rangle`)
///    with at least one top-level comma;
///    without a comma, matching round or square brackets are just grouping: `(5)` ≡ `5`.
/// 10. A bare comma-separated list `1, 2` is treated as a set (order-insensitive), so
///    `1, 2` ≡ `2, 1` ≡ `\{1, 2\}`, while `(1, 2)` (a tuple) differs. `1,234` is the number
///    1234 (thousands separator), `1,2` is the list; `1, 2, and 3` ≡ `\{1,2,3\}`.
///    Likewise alternatives joined by a standalone `or`/`and` form a set when none of them is
///    a plain word: `x = 3 \text{ or } x = -3` ≡ `3, -3` (but `yes or no` stays words).
/// 11. Words: ASCII letters and spaces only, at least two letters, compared case-insensitively
///     (`Yes` ≡ `yes`).
/// 12. Anything else is an expression compared after syntactic normalisation
///     (``ExpressionNormalizer``): `\sqrt{2}` and `\pi` stay symbolic, `2\sqrt{3}` ≡
///     `2 \cdot \sqrt{3}`, but no algebra is done.
///
/// Returns `nil` when nothing is left (empty answer, only delimiters or spacing).
public enum AnswerCanonicalizer {
    /// A decimal written with at least this many digits after the point is approximate
    /// (see ``CanonicalNumber/isApproximate``): `3.1415927` is, `0.333` is not.
    public static let approximateFractionDigits = 6

    /// Nesting depth beyond which the structure is no longer analysed.
    static let maximumDepth = 32

    public static func canonicalize(_ answer: String) -> CanonicalAnswer? {
        let cleaned = LaTeXCleaner.clean(answer)
        return parse(cleaned[...], depth: 0)
    }

    static func parse(_ input: ArraySlice<UInt8>, depth: Int) -> CanonicalAnswer? {
        let s = strippingDecorations(input)
        guard !s.isEmpty else { return nil }
        guard depth < maximumDepth else { return expression(s) }

        if let rest = afterVariablePrefix(s) { return parse(rest, depth: depth + 1) }
        if AnswerBytes.isCommand(s, at: s.startIndex, named: "pm") {
            return plusMinus(s, operandStart: s.startIndex + 3, depth: depth)
        }
        if let letter = choiceLetter(s) { return .choice(letter) }
        if let number = NumberParser.parse(s) { return .number(number) }
        if let number = numberWithUnitWords(s) { return .number(number) }

        let unionParts = AnswerBytes.splitTopLevel(s, command: "cup")
        if unionParts.count > 1 {
            guard let parts = parseAll(unionParts, depth: depth) else { return expression(s) }
            return .union(parts)
        }
        if let inner = setContents(s) {
            guard let elements = parseAll(elementsOfList(inner), depth: depth) else { return expression(s) }
            return .set(CanonicalAnswer.setElements(elements))
        }
        if let bracketed = bracketed(s) ?? angleBracketed(s) {
            let parts = AnswerBytes.splitTopLevel(bracketed.inner, separator: UInt8(ascii: ","))
            if parts.count > 1 {
                guard let elements = parseAll(parts, depth: depth) else { return expression(s) }
                return .tuple(left: bracketed.left, right: bracketed.right, elements: elements)
            }
            if bracketed.left == bracketed.right, bracketed.left != .angle {
                return parse(bracketed.inner, depth: depth + 1)
            }
        }
        let listParts = AnswerBytes.splitTopLevel(s, separator: UInt8(ascii: ",")).map(strippingLeadingConjunction)
        if listParts.count > 1 {
            guard let elements = parseAll(listParts, depth: depth) else { return expression(s) }
            return .set(CanonicalAnswer.setElements(elements))
        }
        let alternatives = splitAtConjunctions(s)
        if alternatives.count > 1, let elements = parseAll(alternatives, depth: depth),
           !elements.contains(where: { if case .word = $0 { true } else { false } }) {
            return .set(CanonicalAnswer.setElements(elements))
        }
        if let word = word(s) { return .word(word) }
        if AnswerBytes.equals(s, "\\emptyset") { return .set([]) }
        return expression(s)
    }

    private static func expression(_ s: ArraySlice<UInt8>) -> CanonicalAnswer? {
        let normalized = ExpressionNormalizer.normalize(s)
        return normalized.isEmpty ? nil : .expression(normalized)
    }

    /// Parses every part; `nil` if any part is empty.
    private static func parseAll(_ parts: [ArraySlice<UInt8>], depth: Int) -> [CanonicalAnswer]? {
        var result: [CanonicalAnswer] = []
        result.reserveCapacity(parts.count)
        for part in parts {
            guard let element = parse(part, depth: depth + 1) else { return nil }
            result.append(element)
        }
        return result
    }

    /// Elements of a set body; the empty body `\{\}` has none.
    private static func elementsOfList(_ inner: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        AnswerBytes.trimmed(inner).isEmpty ? [] : AnswerBytes.splitTopLevel(inner, separator: UInt8(ascii: ","))
    }

    // MARK: - Rules

    /// Rule 1: whitespace, a trailing sentence period (not an ellipsis), outer `{…}`.
    static func strippingDecorations(_ input: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = AnswerBytes.trimmed(input)
        while let last = s.last {
            if last == UInt8(ascii: "."), s.count < 2 || s[s.endIndex - 2] != UInt8(ascii: ".") {
                s = AnswerBytes.trimmed(s.dropLast())
            } else if s.first == UInt8(ascii: "{"), last == UInt8(ascii: "}"),
                      AnswerBytes.matchingBrace(in: s, openingAt: s.startIndex) == s.endIndex - 1 {
                s = AnswerBytes.trimmed(s.dropFirst().dropLast())
            } else {
                break
            }
        }
        return s
    }

    /// Rule 2: the rest after `v =`, `v \in` or `v \approx` for a single variable `v`.
    static func afterVariablePrefix(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let end = s.endIndex
        var i = s.startIndex
        if AnswerBytes.isLetter(s[i]) {
            i += 1
        } else if s[i] == UInt8(ascii: "\\") {
            let nameEnd = AnswerBytes.commandNameEnd(in: s, backslashAt: i)
            guard nameEnd - i > 2 else { return nil }  // a named command such as `\theta`
            i = nameEnd
        } else {
            return nil
        }
        if i < end, s[i] == UInt8(ascii: "_") {
            i += 1
            if i < end, s[i] == UInt8(ascii: "{"), let close = AnswerBytes.matchingBrace(in: s, openingAt: i) {
                i = close + 1
            } else if i < end, AnswerBytes.isAlphanumeric(s[i]) {
                i += 1
            } else {
                return nil
            }
        }
        i = AnswerBytes.skipWhitespace(in: s, from: i)
        if i < end, s[i] == UInt8(ascii: "=") {
            i += 1
        } else if AnswerBytes.isCommand(s, at: i, named: "in") {
            i += 3
        } else if AnswerBytes.isCommand(s, at: i, named: "approx") {
            i += 7
        } else {
            return nil
        }
        let rest = AnswerBytes.trimmed(s[i...])
        return rest.isEmpty ? nil : rest
    }

    /// Rule 3: `\pm X` → the set `{X, -X}`.
    private static func plusMinus(_ s: ArraySlice<UInt8>, operandStart: Int, depth: Int) -> CanonicalAnswer? {
        let operand = AnswerBytes.trimmed(s[operandStart...])
        guard !operand.isEmpty, let positive = parse(operand, depth: depth + 1),
              let negative = parse([UInt8(ascii: "-")] + operand, depth: depth + 1)
        else { return expression(s) }
        return .set(CanonicalAnswer.setElements([positive, negative]))
    }

    /// Rule 4: `A`, `A)`, `(A)`, `(A) text` for `A` … `J`.
    static func choiceLetter(_ s: ArraySlice<UInt8>) -> String? {
        func isChoice(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 10 }
        let bytes = Array(s.prefix(4))
        let letter: UInt8
        if bytes.count == 1, isChoice(bytes[0]) {
            letter = bytes[0]
        } else if bytes.count == 2, isChoice(bytes[0]), bytes[1] == UInt8(ascii: ")") {
            letter = bytes[0]
        } else if bytes.count >= 3, bytes[0] == UInt8(ascii: "("), isChoice(bytes[1]), bytes[2] == UInt8(ascii: ")"),
                  bytes.count == 3 || AnswerBytes.isWhitespace(bytes[3]) {
            letter = bytes[1]
        } else {
            return nil
        }
        return String(UnicodeScalar(letter))
    }

    /// Rule 6: `<number> <unit words>`, e.g. `5 cm`, `12 square units`, `3 m^2`.
    static func numberWithUnitWords(_ s: ArraySlice<UInt8>) -> CanonicalNumber? {
        var i = s.startIndex
        while i < s.endIndex {
            if AnswerBytes.isWhitespace(s[i]), isUnitPhrase(AnswerBytes.trimmed(s[i...])) {
                return NumberParser.parse(s[s.startIndex..<i])
            }
            i += 1
        }
        return nil
    }

    /// Letters and spaces (`.`, `/`, and `^`-exponents allowed), starting with a letter, at least
    /// two letters, and not `pi`.
    private static func isUnitPhrase(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, AnswerBytes.isLetter(first), !AnswerBytes.equals(s, "pi") else { return false }
        var letters = 0
        var previous: UInt8 = 0
        for byte in s {
            if AnswerBytes.isLetter(byte) {
                letters += 1
            } else if AnswerBytes.isDigit(byte) {
                guard previous == UInt8(ascii: "^") || previous == UInt8(ascii: "{") || AnswerBytes.isDigit(previous)
                else { return false }
            } else if !(AnswerBytes.isWhitespace(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
                        || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")) {
                return false
            }
            previous = byte
        }
        return letters >= 2
    }

    /// Rule 8: the body of `\{ … \}` when those braces enclose the whole answer.
    static func setContents(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let start = s.startIndex
        let end = s.endIndex
        guard s.count >= 4, s[start] == UInt8(ascii: "\\"), s[start + 1] == UInt8(ascii: "{"),
              s[end - 2] == UInt8(ascii: "\\"), s[end - 1] == UInt8(ascii: "}"),
              AnswerBytes.matchingBracket(in: s, openingAt: start + 1) == end - 1
        else { return nil }
        return s[(start + 2)..<(end - 2)]
    }

    /// Rule 9: `(`/`[` … `)`/`]` enclosing the whole answer.
    static func bracketed(_ s: ArraySlice<UInt8>)
        -> (left: CanonicalAnswer.Bracket, right: CanonicalAnswer.Bracket, inner: ArraySlice<UInt8>)? {
        guard s.count >= 2, let first = s.first, let last = s.last else { return nil }
        let left: CanonicalAnswer.Bracket
        switch first {
        case UInt8(ascii: "("): left = .round
        case UInt8(ascii: "["): left = .square
        default: return nil
        }
        let right: CanonicalAnswer.Bracket
        switch last {
        case UInt8(ascii: ")"): right = .round
        case UInt8(ascii: "]"): right = .square
        default: return nil
        }
        guard AnswerBytes.matchingBracket(in: s, openingAt: s.startIndex) == s.endIndex - 1 else { return nil }
        return (left, right, s[(s.startIndex + 1)..<(s.endIndex - 1)])
    }

    /// Rule 10 (alternatives): splits at the words `or` / `and` standing alone between
    /// whitespace outside brackets (`3 or -3`, `x = 1 \text{ or } x = 2`).
    static func splitAtConjunctions(_ s: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var partStart = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let byte = s[i]
            if AnswerBytes.isOpeningBracket(byte) {
                depth += 1
            } else if AnswerBytes.isClosingBracket(byte) {
                depth -= 1
            } else if depth == 0, i > s.startIndex, AnswerBytes.isWhitespace(s[i - 1]) {
                var wordEnd = i
                while wordEnd < s.endIndex, AnswerBytes.isLetter(s[wordEnd]) { wordEnd += 1 }
                if wordEnd < s.endIndex, AnswerBytes.isWhitespace(s[wordEnd]),
                   isConjunction(s[i..<wordEnd]) {
                    parts.append(s[partStart..<i])
                    partStart = wordEnd
                    i = wordEnd
                    continue
                }
            }
            i += 1
        }
        parts.append(s[partStart..<s.endIndex])
        return parts
    }

    /// A list element without a leading `and`/`or` (`1, 2, and 3`).
    private static func strippingLeadingConjunction(_ part: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let s = AnswerBytes.trimmed(part)
        var wordEnd = s.startIndex
        while wordEnd < s.endIndex, AnswerBytes.isLetter(s[wordEnd]) { wordEnd += 1 }
        guard wordEnd < s.endIndex, AnswerBytes.isWhitespace(s[wordEnd]), isConjunction(s[s.startIndex..<wordEnd])
        else { return s }
        return s[wordEnd...]
    }

    /// `or` or `and`, case-insensitively.
    private static func isConjunction(_ word: ArraySlice<UInt8>) -> Bool {
        let i = word.startIndex
        switch word.count {
        case 2:
            return AnswerBytes.lowercased(word[i]) == UInt8(ascii: "o")
                && AnswerBytes.lowercased(word[i + 1]) == UInt8(ascii: "r")
        case 3:
            return AnswerBytes.lowercased(word[i]) == UInt8(ascii: "a")
                && AnswerBytes.lowercased(word[i + 1]) == UInt8(ascii: "n")
                && AnswerBytes.lowercased(word[i + 2]) == UInt8(ascii: "d")
        default:
            return false
        }
    }

    /// Rule 9 for vectors: `\langle … \rangle` enclosing the whole answer.
    static func angleBracketed(_ s: ArraySlice<UInt8>)
        -> (left: CanonicalAnswer.Bracket, right: CanonicalAnswer.Bracket, inner: ArraySlice<UInt8>)? {
        let closing: StaticString = "\\rangle"
        guard AnswerBytes.isCommand(s, at: s.startIndex, named: "langle"),
              s.count >= 14, AnswerBytes.equals(s[(s.endIndex - 7)...], closing)
        else { return nil }
        var depth = 0
        var i = s.startIndex
        while i < s.endIndex {
            guard s[i] == UInt8(ascii: "\\") else {
                i += 1
                continue
            }
            let nameEnd = AnswerBytes.commandNameEnd(in: s, backslashAt: i)
            let name = s[(i + 1)..<nameEnd]
            if AnswerBytes.equals(name, "langle") {
                depth += 1
            } else if AnswerBytes.equals(name, "rangle") {
                depth -= 1
                if depth == 0 { return nameEnd == s.endIndex ? (.angle, .angle, s[(s.startIndex + 7)..<(s.endIndex - 7)]) : nil }
            }
            i = max(nameEnd, i + 1)
        }
        return nil
    }

    /// Rule 11: lowercased words when `s` holds only ASCII letters and whitespace (≥ 2 letters).
    static func word(_ s: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var pendingSpace = false
        for byte in s {
            if AnswerBytes.isLetter(byte) {
                if pendingSpace, !out.isEmpty { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(AnswerBytes.lowercased(byte))
            } else if AnswerBytes.isWhitespace(byte) {
                pendingSpace = true
            } else {
                return nil
            }
        }
        return out.count >= 2 ? String(decoding: out, as: UTF8.self) : nil
    }
}
