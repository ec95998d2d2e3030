/// An unsigned decimal numeral as written in an answer: `42`, `007`, `3.50`, `.5`,
/// `1,234,567.25` or `1 234` (thousands separators), split into its digit strings.
struct DecimalLiteral {
    /// ASCII digits before the point, separators removed (may be empty, as in `.5`).
    var integerDigits: [UInt8]
    /// ASCII digits after the point (may be empty).
    var fractionDigits: [UInt8]
    /// Number of digits written after the point, kept through ``shifted(byPowerOfTen:)``; it
    /// drives the approximate-decimal rule.
    var writtenFractionDigitCount: Int

    /// True for a numeral without a decimal point.
    var isWholeNumber: Bool { writtenFractionDigitCount == 0 }

    /// Scans a numeral starting at `start`. Thousands separators are accepted only in the
    /// unambiguous shape: a first group of 1–3 digits, then groups of exactly three digits all
    /// separated by the same character, `,` or a single space (`1,234`, `12 345 678`). `1,2` or
    /// `1234,567` stop before the separator.
    static func scan(_ s: ArraySlice<UInt8>, from start: Int) -> (literal: DecimalLiteral, end: Int)? {
        let end = s.endIndex
        var i = start
        var integerDigits: [UInt8] = []
        while i < end, AnswerBytes.isDigit(s[i]) {
            integerDigits.append(s[i])
            i += 1
        }
        if (1...3).contains(integerDigits.count), i < end,
           s[i] == UInt8(ascii: ",") || s[i] == UInt8(ascii: " ") {
            let separator = s[i]
            while i < end, s[i] == separator {
                let group = i + 1
                guard group + 3 <= end,
                      AnswerBytes.isDigit(s[group]), AnswerBytes.isDigit(s[group + 1]),
                      AnswerBytes.isDigit(s[group + 2]),
                      group + 3 == end || !AnswerBytes.isDigit(s[group + 3])
                else { break }
                integerDigits.append(contentsOf: s[group..<(group + 3)])
                i = group + 3
            }
        }
        var fractionDigits: [UInt8] = []
        if i + 1 < end, s[i] == UInt8(ascii: "."), AnswerBytes.isDigit(s[i + 1]) {
            i += 1
            while i < end, AnswerBytes.isDigit(s[i]) {
                fractionDigits.append(s[i])
                i += 1
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        let literal = DecimalLiteral(integerDigits: integerDigits, fractionDigits: fractionDigits,
                                     writtenFractionDigitCount: fractionDigits.count)
        return (literal, i)
    }

    /// The same numeral times `10^exponent`, computed by moving the decimal point (exact).
    func shifted(byPowerOfTen exponent: Int) -> DecimalLiteral {
        let digits = integerDigits + fractionDigits
        let point = integerDigits.count + exponent
        var result = self
        if point <= 0 {
            result.integerDigits = []
            result.fractionDigits = [UInt8](repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            result.integerDigits = digits + [UInt8](repeating: UInt8(ascii: "0"), count: point - digits.count)
            result.fractionDigits = []
        } else {
            result.integerDigits = Array(digits[..<point])
            result.fractionDigits = Array(digits[point...])
        }
        return result
    }

    /// The canonical value, an exact rational when it fits in `Int64`, else normalised text.
    func number(negative: Bool = false) -> CanonicalNumber {
        var integerPart = integerDigits[...]
        while let first = integerPart.first, first == UInt8(ascii: "0") { integerPart.removeFirst() }
        var fractionPart = fractionDigits[...]
        while let last = fractionPart.last, last == UInt8(ascii: "0") { fractionPart.removeLast() }
        let approximate = writtenFractionDigitCount >= AnswerCanonicalizer.approximateFractionDigits

        var numerator: Int64 = 0
        var denominator: Int64 = 1
        func accumulate(_ digits: ArraySlice<UInt8>) -> Bool {
            for digit in digits {
                let (shifted, o1) = numerator.multipliedReportingOverflow(by: 10)
                let (sum, o2) = shifted.addingReportingOverflow(Int64(digit &- UInt8(ascii: "0")))
                if o1 || o2 { return false }
                numerator = sum
            }
            return true
        }
        var fits = accumulate(integerPart) && accumulate(fractionPart)
        if fits {
            for _ in fractionPart.indices {
                let (next, overflow) = denominator.multipliedReportingOverflow(by: 10)
                if overflow {
                    fits = false
                    break
                }
                denominator = next
            }
        }
        if fits, let rational = ExactRational(numerator: negative ? -numerator : numerator, denominator: denominator) {
            return CanonicalNumber(rational, isApproximate: approximate)
        }
        var text = negative ? "-" : ""
        text += integerPart.isEmpty ? "0" : AnswerBytes.string(integerPart)
        if !fractionPart.isEmpty {
            text += "." + AnswerBytes.string(fractionPart)
        }
        return CanonicalNumber(value: .text(text), isApproximate: approximate, doubleValue: Double(text) ?? .nan)
    }
}
