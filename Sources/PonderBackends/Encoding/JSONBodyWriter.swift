import NIOCore

/// Writes JSON straight into a `ByteBuffer`, for the request and response bodies on the hot path.
///
/// `JSONEncoder` builds an intermediate tree and costs several microseconds per request; the shapes
/// Ponder sends are fixed, so writing them directly is both simpler and cheaper. Output is plain
/// RFC 8259 JSON; non-finite numbers, which JSON cannot carry, are written as `null`.
package struct JSONBodyWriter {
    package private(set) var buffer: ByteBuffer
    private var needsComma = false

    package init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    package mutating func beginObject() {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        buffer.writeInteger(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray(_ key: StaticString) {
        writeKey(key)
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        buffer.writeInteger(UInt8(ascii: "]"))
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: String) {
        writeKey(key)
        writeString(value)
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) }
    }

    package mutating func field(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        writeKey(key)
        writeDecimal(UInt64(value.magnitude), negative: value < 0)
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: UInt64?) {
        guard let value else { return }
        writeKey(key)
        writeDecimal(value, negative: false)
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        writeKey(key)
        writeNumber(value)
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        writeKey(key)
        buffer.writeStaticString(value ? "true" : "false")
        needsComma = true
    }

    package mutating func field(_ key: StaticString, strings: [String]?) {
        guard let strings else { return }
        beginArray(key)
        for string in strings {
            separate()
            writeString(string)
            needsComma = true
        }
        endArray()
    }

    /// Starts a nested object under `key`; close it with `endObject()`.
    package mutating func beginObject(_ key: StaticString) {
        writeKey(key)
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
    }

    /// A field whose key is not known at compile time (a map's key), escaped like any string.
    package mutating func field(dynamicKey key: String, _ value: String) {
        separate()
        writeString(key)
        buffer.writeInteger(UInt8(ascii: ":"))
        writeString(value)
        needsComma = true
    }

    package mutating func field(_ key: StaticString, doubles: [Double]) {
        beginArray(key)
        for value in doubles {
            separate()
            writeNumber(value)
            needsComma = true
        }
        endArray()
    }

    /// A field whose value is JSON encoded elsewhere (a rarely sent, deeply nested object).
    package mutating func field(_ key: StaticString, json: ByteBuffer) {
        writeKey(key)
        var json = json
        buffer.writeBuffer(&json)
        needsComma = true
    }

    /// Appends raw bytes (a framing like `data: ` around a JSON value), leaving the comma state alone.
    package mutating func raw(_ text: StaticString) {
        buffer.writeStaticString(text)
    }

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
    }

    private mutating func writeKey(_ key: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(key)
        buffer.writeStaticString("\":")
    }

    /// An integer's digits written straight into the buffer: `String(value)` allocates for the 16 digits
    /// and more that random seeds have.
    private mutating func writeDecimal(_ magnitude: UInt64, negative: Bool) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 21) { bytes in
            var digits = magnitude
            var count = 0
            repeat {
                bytes[count] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
                count += 1
            } while digits > 0
            if negative {
                bytes[count] = UInt8(ascii: "-")
                count += 1
            }
            var low = 0
            var high = count - 1
            while low < high {
                bytes.swapAt(low, high)
                low += 1
                high -= 1
            }
            return count
        }
    }

    /// JSON has no infinities or NaN: they are written as `null`.
    private mutating func writeNumber(_ value: Double) {
        buffer.writeString(value.isFinite ? String(value) : "null")
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func writeString(_ string: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if index > runStart { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))) }
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                default:
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(Self.hexDigit(byte >> 4))
                    buffer.writeInteger(Self.hexDigit(byte & 0xF))
                }
                runStart = index + 1
            }
            if runStart < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart...]))) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
