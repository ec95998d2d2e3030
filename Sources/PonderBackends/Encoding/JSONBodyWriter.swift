import NIOCore

/// Writes JSON straight into bytes, for the request and response bodies on the hot path.
///
/// `JSONEncoder` builds an intermediate tree and costs several microseconds per request; the shapes
/// Ponder sends are fixed, so writing them directly is both simpler and cheaper. The bytes gather in
/// an array, whose appends inline to a few instructions (a `ByteBuffer` write is a call with its own
/// copy-on-write check, and a body takes a hundred of them), and become one `ByteBuffer` at the end.
/// Output is plain RFC 8259 JSON; non-finite numbers, which JSON cannot carry, are written as `null`.
package struct JSONBodyWriter {
    private var bytes: [UInt8]
    private var needsComma = false

    package init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// What was written.
    package var written: [UInt8] { bytes }

    /// What was written, in one buffer.
    package var buffer: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }

    package mutating func beginObject() {
        separate()
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    package mutating func endObject() {
        append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func beginArray(_ key: StaticString) {
        writeKey(key)
        append(UInt8(ascii: "["))
        needsComma = false
    }

    package mutating func endArray() {
        append(UInt8(ascii: "]"))
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
        value ? appendStatic("true") : appendStatic("false")
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
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// A field whose key is not known at compile time (a map's key), escaped like any string.
    package mutating func field(dynamicKey key: String, _ value: String) {
        separate()
        writeString(key)
        append(UInt8(ascii: ":"))
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
        json.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// Appends raw bytes (a framing like `data: ` around a JSON value), leaving the comma state alone.
    package mutating func raw(_ text: StaticString) {
        appendStatic(text)
    }

    private mutating func separate() {
        if needsComma { append(UInt8(ascii: ",")) }
    }

    private mutating func writeKey(_ key: StaticString) {
        separate()
        append(UInt8(ascii: "\""))
        appendStatic(key)
        appendStatic("\":")
    }

    /// An integer's digits written straight into the bytes: `String(value)` allocates for the 16 digits
    /// and more that random seeds have.
    private mutating func writeDecimal(_ magnitude: UInt64, negative: Bool) {
        if negative { append(UInt8(ascii: "-")) }
        // The largest power of ten not above the value (at most 10^19, which UInt64 holds), then the
        // digits from the top down: no reversing, so nothing is copied.
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        repeat {
            append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        } while divisor > 0
    }

    /// JSON has no infinities or NaN: they are written as `null`.
    private mutating func writeNumber(_ value: Double) {
        if value.isFinite { appendString(String(value)) } else { appendStatic("null") }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func writeString(_ string: String) {
        append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if index > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                switch byte {
                case UInt8(ascii: "\""): appendStatic("\\\"")
                case UInt8(ascii: "\\"): appendStatic("\\\\")
                case UInt8(ascii: "\n"): appendStatic("\\n")
                case UInt8(ascii: "\r"): appendStatic("\\r")
                case UInt8(ascii: "\t"): appendStatic("\\t")
                default:
                    appendStatic("\\u00")
                    append(Self.hexDigit(byte >> 4))
                    append(Self.hexDigit(byte & 0xF))
                }
                runStart = index + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    private mutating func appendStatic(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
