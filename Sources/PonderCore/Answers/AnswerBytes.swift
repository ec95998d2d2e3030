/// Byte-level helpers shared by the answer extraction and canonicalisation code.
///
/// All answer processing works on UTF-8 code units. Only ASCII bytes carry syntax: the bytes
/// of a multi-byte UTF-8 sequence (all `>= 0x80`) are never classified as digits, letters,
/// whitespace or punctuation, so non-ASCII text passes through untouched.
enum AnswerBytes {
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func isUppercase(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

    @inline(__always)
    static func isOpeningBracket(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
    }

    @inline(__always)
    static func isClosingBracket(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
    }

    static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = s.startIndex
        var upper = s.endIndex
        while lower < upper, isWhitespace(s[lower]) { lower += 1 }
        while upper > lower, isWhitespace(s[upper - 1]) { upper -= 1 }
        return s[lower..<upper]
    }

    static func skipWhitespace(in s: ArraySlice<UInt8>, from index: Int) -> Int {
        var i = index
        while i < s.endIndex, isWhitespace(s[i]) { i += 1 }
        return i
    }

    /// End of the letters following the backslash at `index` (`index + 1` when the backslash
    /// starts a control symbol such as `\{` or `\,`).
    static func commandNameEnd(in s: ArraySlice<UInt8>, backslashAt index: Int) -> Int {
        var i = index + 1
        while i < s.endIndex, isLetter(s[i]) { i += 1 }
        return i
    }

    /// Whether `\name` (and not a longer command such as `\names`) starts at `index`.
    static func isCommand(_ s: ArraySlice<UInt8>, at index: Int, named name: StaticString) -> Bool {
        guard index < s.endIndex, s[index] == UInt8(ascii: "\\") else { return false }
        let end = commandNameEnd(in: s, backslashAt: index)
        return equals(s[(index + 1)..<end], name)
    }

    static func equals(_ s: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { s.elementsEqual($0) }
    }

    /// Index of the `}` closing the `{` at `index`. Escaped braces (`\{`, `\}`) and any other
    /// backslash pair are skipped. `nil` when unbalanced.
    static func matchingBrace(in s: ArraySlice<UInt8>, openingAt index: Int) -> Int? {
        var depth = 0
        var i = index
        while i < s.endIndex {
            switch s[i] {
            case UInt8(ascii: "\\"):
                i += 2
                continue
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return i }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// Index of the bracket closing the one at `index`, treating `(`, `[`, `{` as openers and
    /// `)`, `]`, `}` as closers whatever their kind, so the half-open interval `[1,2)` matches
    /// and the braces of `\{ … \}` count like any other. `nil` when unbalanced.
    static func matchingBracket(in s: ArraySlice<UInt8>, openingAt index: Int) -> Int? {
        var depth = 0
        var i = index
        while i < s.endIndex {
            let byte = s[i]
            if isOpeningBracket(byte) {
                depth += 1
            } else if isClosingBracket(byte) {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    /// Splits at every `separator` outside all brackets (of any kind).
    static func splitTopLevel(_ s: ArraySlice<UInt8>, separator: UInt8) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var partStart = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let byte = s[i]
            if isOpeningBracket(byte) {
                depth += 1
            } else if isClosingBracket(byte) {
                depth -= 1
            } else if byte == separator, depth == 0 {
                parts.append(s[partStart..<i])
                partStart = i + 1
            }
            i += 1
        }
        parts.append(s[partStart..<s.endIndex])
        return parts
    }

    /// Splits at every `\name` command outside all brackets (used for `\cup`).
    static func splitTopLevel(_ s: ArraySlice<UInt8>, command name: StaticString) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var partStart = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            let byte = s[i]
            if byte == UInt8(ascii: "\\") {
                let end = commandNameEnd(in: s, backslashAt: i)
                if end > i + 1 {
                    if depth == 0, equals(s[(i + 1)..<end], name) {
                        parts.append(s[partStart..<i])
                        partStart = end
                    }
                    i = end
                    continue
                }
            } else if isOpeningBracket(byte) {
                depth += 1
            } else if isClosingBracket(byte) {
                depth -= 1
            }
            i += 1
        }
        parts.append(s[partStart..<s.endIndex])
        return parts
    }

    static func string(_ s: ArraySlice<UInt8>) -> String {
        String(decoding: s, as: UTF8.self)
    }
}
