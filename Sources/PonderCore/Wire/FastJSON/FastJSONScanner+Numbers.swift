/// Numbers: integers read exactly, everything else only validated and skipped.
extension FastJSONScanner {
    /// Reads a plain integer: `-?(0|[1-9][0-9]*)` of at most 18 digits, so it cannot overflow `Int`.
    /// Fractions, exponents, `-0` and longer numbers are misses: whether `JSONDecoder` turns them into an
    /// `Int` (or fails) is left to it.
    mutating func readInt() throws(FastJSONMiss) -> Int {
        var byte = try peek()
        let negative = byte == UInt8(ascii: "-")
        if negative {
            index += 1
            guard let next = current else { throw FastJSONMiss() }
            byte = next
        }
        let start = index
        var value = 0
        while index < bytes.count, let digit = Self.decimalDigit(bytes[index]) {
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 18, !(digits > 1 && byte == UInt8(ascii: "0")) else { throw FastJSONMiss() }
        if negative && value == 0 { throw FastJSONMiss() }
        if let next = current, next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            throw FastJSONMiss()
        }
        return negative ? -value : value
    }

    /// Reads a number as a `Double`. Exponents are misses (what `JSONDecoder` makes of an underflow or
    /// overflow is left to it); a plain decimal converts the same way, correctly rounded, in both.
    mutating func readDouble() throws(FastJSONMiss) -> Double {
        _ = try peek()
        let start = index
        try skipNumber()
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        guard !text.contains(UInt8(ascii: "e")), !text.contains(UInt8(ascii: "E")),
            let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite
        else { throw FastJSONMiss() }
        return value
    }

    /// Reads `true` or `false`.
    mutating func readBool() throws(FastJSONMiss) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw FastJSONMiss()
        }
    }

    /// Steps over a number, checking it against the JSON grammar
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func skipNumber() throws(FastJSONMiss) {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.decimalDigit(first) != nil else { throw FastJSONMiss() }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw FastJSONMiss() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw FastJSONMiss() }
        }
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, Self.decimalDigit(bytes[index]) != nil { index += 1 }
        return index - start
    }

    private static func decimalDigit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }
}
