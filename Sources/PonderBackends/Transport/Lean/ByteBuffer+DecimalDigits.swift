import NIOCore

extension ByteBuffer {
    /// A non-negative integer's digits, without the `String` that `writeString(String(n))` would make.
    mutating func writeDecimalDigits(_ value: Int) {
        precondition(value >= 0)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            writeInteger(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
