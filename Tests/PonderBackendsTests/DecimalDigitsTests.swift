import NIOCore
@testable import PonderBackends
import Testing

@Suite struct DecimalDigitsTests {
    @Test(arguments: [0, 1, 9, 10, 99, 100, 101, 4096, 1_000_000, 64 << 20, Int.max])
    func aLengthIsWrittenAsItsDecimalDigits(value: Int) {
        var buffer = ByteBuffer()
        buffer.writeDecimalDigits(value)
        #expect(String(buffer: buffer) == String(value))
    }
}
