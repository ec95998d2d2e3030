/// The text of solution lines, and reading them back.
///
/// A step is `Step 2: 22 × 3 = 66`; the final line is `The answer is \boxed{62}.`.
public enum StepLine {
    public static func step(number: Int, operand: Int, operation: SimOperation, result: Int) -> String {
        "Step \(number): \(operand) \(operation.symbol) \(operation.operand) = \(result)"
    }

    /// The step line up to and including "=", without the result.
    static func stepHead(number: Int, operand: Int, operation: SimOperation) -> String {
        "Step \(number): \(operand) \(operation.symbol) \(operation.operand) ="
    }

    public static func answer(_ value: Int) -> String { "The answer is \\boxed{\(value)}." }

    /// A step read from text.
    public struct Parsed: Sendable, Equatable {
        /// The written result: the integer after the last "=", or failing that the last integer after "Step N:".
        public var result: Int?
        /// The line is a whole step equation (`a op b = c`) with nothing but whitespace or "." after it.
        public var isComplete: Bool
    }

    static let stepWord = Array("Step ".utf8)
    static let boxedWord = Array("\\boxed{".utf8)

    /// Reads the last "Step N:" of `line`; `nil` if it has none.
    public static func parse(_ line: some StringProtocol) -> Parsed? {
        let bytes = Array(line.utf8)
        guard let colon = lastStepMarker(bytes) else { return nil }
        var i = colon + 1
        var lastInteger: Int?
        var afterEquals: Int?
        var sawEquals = false
        var equationShape = 0  // counts: int, op, int, "=", int
        var complete = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A {
                i += 1
                continue
            }
            if let value = integer(bytes, &i, allowSign: equationShape == 0 || equationShape == 4 || sawEquals) {
                lastInteger = value
                if sawEquals, afterEquals == nil { afterEquals = value }
                equationShape = (equationShape == 0 || equationShape == 2 || equationShape == 4) ? equationShape + 1 : -1
                if equationShape == 5 { complete = true }
                continue
            }
            if b == UInt8(ascii: "=") {
                sawEquals = true
                afterEquals = nil
                equationShape = equationShape == 3 ? 4 : -1
                i += 1
                continue
            }
            if equationShape == 1, isOperator(bytes, i) {
                equationShape = 2
                i += b >= 0x80 ? 2 : 1
                continue
            }
            if complete, b == UInt8(ascii: ".") {
                i += 1
                continue
            }
            complete = false
            equationShape = -1
            i += 1
        }
        return Parsed(result: afterEquals ?? lastInteger, isComplete: complete && equationShape == 5)
    }

    /// The value of the first complete `\boxed{N}` in `text`.
    public static func boxedValue(in text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        var i = 0
        while i + boxedWord.count <= bytes.count {
            if bytes[i] == boxedWord[0], Array(bytes[i..<(i + boxedWord.count)]) == boxedWord {
                var j = i + boxedWord.count
                while j < bytes.count, bytes[j] == 0x20 { j += 1 }
                if let value = integer(bytes, &j, allowSign: true) {
                    while j < bytes.count, bytes[j] == 0x20 { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "}") { return value }
                }
            }
            i += 1
        }
        return nil
    }

    /// The offset of the ":" of the last "Step <digits>:" in `bytes`.
    static func lastStepMarker(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= stepWord.count + 2 else { return nil }
        var p = bytes.count - stepWord.count
        while p >= 0 {
            if bytes[p] == stepWord[0], Array(bytes[p..<(p + stepWord.count)]) == stepWord {
                var j = p + stepWord.count
                var digits = 0
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
                    j += 1
                    digits += 1
                }
                if digits > 0, j < bytes.count, bytes[j] == UInt8(ascii: ":") { return j }
            }
            p -= 1
        }
        return nil
    }

    static func isOperator(_ bytes: [UInt8], _ i: Int) -> Bool {
        let b = bytes[i]
        if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "*") || b == UInt8(ascii: "/")
            || b == UInt8(ascii: "x")
        {
            return true
        }
        // × is C3 97, ÷ is C3 B7
        if b == 0xC3, i + 1 < bytes.count, bytes[i + 1] == 0x97 || bytes[i + 1] == 0xB7 { return true }
        return false
    }

    static func integer(_ bytes: [UInt8], _ i: inout Int, allowSign: Bool) -> Int? {
        var j = i
        var negative = false
        if allowSign, j < bytes.count, bytes[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        }
        var value = 0
        var digits = 0
        while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 {
            if digits < 15 { value = value * 10 + Int(bytes[j] - 0x30) }
            digits += 1
            j += 1
        }
        guard digits > 0 else { return nil }
        i = j
        return negative ? -value : value
    }
}
