/// Parses a whole (cleaned) answer as a single number, or fails.
///
/// Accepted shapes, each optionally preceded by any number of `+`/`-` signs and followed by
/// one `%` (dropped: `50%` means `50`):
/// - a decimal numeral (``DecimalLiteral``): `7`, `007`, `3.50`, `.5`, `1,234,567`, `1 234`;
/// - `\frac{A}{B}` where `A` and `B` are themselves numbers (signs allowed inside: `\frac{-1}{2}`);
/// - `A/B` with numerals `A` and `B`;
/// - a mixed number `2\frac{1}{4}` or `7 3/4` (whole number followed by a proper fraction);
/// - scientific notation `1.5\times 10^{3}`, `2\cdot10^{-2}`, `3*10^4`.
///
/// The input has already been through ``LaTeXCleaner`` (so `\dfrac12` is `\frac{1}{2}`).
enum NumberParser {
    /// Largest power-of-ten exponent accepted in scientific notation.
    static let maximumExponent = 1000

    static func parse(_ input: ArraySlice<UInt8>) -> CanonicalNumber? {
        var s = AnswerBytes.trimmed(input)
        if s.last == UInt8(ascii: "%") {
            s = AnswerBytes.trimmed(s.dropLast())
        }
        var negative = false
        var i = s.startIndex
        signs: while i < s.endIndex {
            switch s[i] {
            case UInt8(ascii: "-"): negative.toggle()
            case UInt8(ascii: "+"): break
            case let byte where AnswerBytes.isWhitespace(byte): break
            default: break signs
            }
            i += 1
        }
        guard i < s.endIndex, let magnitude = parseUnsigned(s[i...]) else { return nil }
        return negative ? magnitude.negated() : magnitude
    }

    private static func parseUnsigned(_ s: ArraySlice<UInt8>) -> CanonicalNumber? {
        let end = s.endIndex
        if AnswerBytes.isCommand(s, at: s.startIndex, named: "frac") {
            guard let arguments = fractionArguments(in: s, from: s.startIndex + 5),
                  AnswerBytes.skipWhitespace(in: s, from: arguments.end) == end,
                  let numerator = parse(arguments.numerator),
                  let denominator = parse(arguments.denominator)
            else { return nil }
            return numerator.divided(by: denominator)
        }

        guard let scanned = DecimalLiteral.scan(s, from: s.startIndex) else { return nil }
        let literal = scanned.literal
        let next = AnswerBytes.skipWhitespace(in: s, from: scanned.end)
        if next == end { return literal.number() }
        let byte = s[next]

        // A/B
        if byte == UInt8(ascii: "/") {
            var j = AnswerBytes.skipWhitespace(in: s, from: next + 1)
            var negativeDenominator = false
            while j < end, s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: "+") {
                if s[j] == UInt8(ascii: "-") { negativeDenominator.toggle() }
                j = AnswerBytes.skipWhitespace(in: s, from: j + 1)
            }
            guard let denominator = DecimalLiteral.scan(s, from: j),
                  AnswerBytes.skipWhitespace(in: s, from: denominator.end) == end,
                  let quotient = literal.number().divided(by: denominator.literal.number())
            else { return nil }
            return negativeDenominator ? quotient.negated() : quotient
        }

        // Mixed numbers: 2\frac{1}{4}, 7 3/4.
        if literal.isWholeNumber {
            if AnswerBytes.isCommand(s, at: next, named: "frac") {
                guard let arguments = fractionArguments(in: s, from: next + 5),
                      AnswerBytes.skipWhitespace(in: s, from: arguments.end) == end
                else { return nil }
                return mixedNumber(literal, arguments.numerator, arguments.denominator)
            }
            if next > scanned.end, AnswerBytes.isDigit(byte) {
                guard let slash = s[next...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
                return mixedNumber(literal, s[next..<slash], s[(slash + 1)...])
            }
        }

        if let exponent = powerOfTenExponent(in: s, from: next) {
            return literal.shifted(byPowerOfTen: exponent).number()
        }
        return nil
    }

    /// The two braced arguments of a `\frac` whose name ends at `index`.
    static func fractionArguments(in s: ArraySlice<UInt8>, from index: Int)
        -> (numerator: ArraySlice<UInt8>, denominator: ArraySlice<UInt8>, end: Int)? {
        var j = AnswerBytes.skipWhitespace(in: s, from: index)
        guard j < s.endIndex, s[j] == UInt8(ascii: "{"),
              let firstClose = AnswerBytes.matchingBrace(in: s, openingAt: j) else { return nil }
        let numerator = s[(j + 1)..<firstClose]
        j = AnswerBytes.skipWhitespace(in: s, from: firstClose + 1)
        guard j < s.endIndex, s[j] == UInt8(ascii: "{"),
              let secondClose = AnswerBytes.matchingBrace(in: s, openingAt: j) else { return nil }
        return (numerator, s[(j + 1)..<secondClose], secondClose + 1)
    }

    /// `whole + p/q` for whole-number numerals with `0 < p < q`.
    private static func mixedNumber(_ whole: DecimalLiteral, _ p: ArraySlice<UInt8>,
                                    _ q: ArraySlice<UInt8>) -> CanonicalNumber? {
        guard let numerator = wholeNumber(p), let denominator = wholeNumber(q),
              case .rational(let pValue) = numerator.value, case .rational(let qValue) = denominator.value,
              pValue.numerator > 0, pValue.numerator < qValue.numerator,
              let fraction = numerator.divided(by: denominator)
        else { return nil }
        return whole.number().adding(fraction)
    }

    /// A bare unsigned whole numeral filling the slice (surrounding whitespace allowed).
    private static func wholeNumber(_ input: ArraySlice<UInt8>) -> CanonicalNumber? {
        let s = AnswerBytes.trimmed(input)
        guard let scanned = DecimalLiteral.scan(s, from: s.startIndex), scanned.end == s.endIndex,
              scanned.literal.isWholeNumber
        else { return nil }
        return scanned.literal.number()
    }

    /// Recognises a trailing `\times 10^{k}` (also `\cdot`, `*`, unbraced single-digit `k`)
    /// that fills the rest of `s` from `index`, returning `k`.
    private static func powerOfTenExponent(in s: ArraySlice<UInt8>, from index: Int) -> Int? {
        let end = s.endIndex
        var i = index
        if i < end, s[i] == UInt8(ascii: "*") {
            i += 1
        } else if AnswerBytes.isCommand(s, at: i, named: "times") {
            i += 6
        } else if AnswerBytes.isCommand(s, at: i, named: "cdot") {
            i += 5
        } else {
            return nil
        }
        i = AnswerBytes.skipWhitespace(in: s, from: i)
        guard i + 1 < end, s[i] == UInt8(ascii: "1"), s[i + 1] == UInt8(ascii: "0") else { return nil }
        i = AnswerBytes.skipWhitespace(in: s, from: i + 2)
        guard i < end, s[i] == UInt8(ascii: "^") else { return nil }
        i = AnswerBytes.skipWhitespace(in: s, from: i + 1)
        let exponentText: ArraySlice<UInt8>
        if i < end, s[i] == UInt8(ascii: "{"), let close = AnswerBytes.matchingBrace(in: s, openingAt: i) {
            exponentText = AnswerBytes.trimmed(s[(i + 1)..<close])
            i = close + 1
        } else if i < end, AnswerBytes.isDigit(s[i]) {
            exponentText = s[i..<(i + 1)]
            i += 1
        } else {
            return nil
        }
        guard AnswerBytes.skipWhitespace(in: s, from: i) == end else { return nil }
        return smallInteger(exponentText)
    }

    /// A signed integer with at most four digits and magnitude at most ``maximumExponent``.
    private static func smallInteger(_ s: ArraySlice<UInt8>) -> Int? {
        var i = s.startIndex
        var negative = false
        if i < s.endIndex, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            negative = s[i] == UInt8(ascii: "-")
            i = AnswerBytes.skipWhitespace(in: s, from: i + 1)
        }
        guard i < s.endIndex, s.endIndex - i <= 4 else { return nil }
        var value = 0
        while i < s.endIndex {
            guard AnswerBytes.isDigit(s[i]) else { return nil }
            value = value * 10 + Int(s[i] &- UInt8(ascii: "0"))
            i += 1
        }
        guard value <= maximumExponent else { return nil }
        return negative ? -value : value
    }
}
