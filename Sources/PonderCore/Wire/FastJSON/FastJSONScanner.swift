/// A forward-only reader of JSON bytes for hand-written decoders of hot wire types.
///
/// It understands strict RFC 8259 JSON only, and gives up (throws `FastJSONMiss`) on anything it is not
/// sure of, so a caller can fall back to `JSONDecoder` and get exactly its answer or its error. It never
/// allocates except for the strings it returns.
///
/// The bytes must stay valid while the scanner is used; it is meant to live inside one
/// `withUnsafeBytes` call.
struct FastJSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index: Int = 0

    /// Containers nested deeper than this are left to `JSONDecoder` (whose own limit is higher).
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Skips JSON whitespace: space, tab, line feed, carriage return — nothing else.
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    mutating func peek() throws(FastJSONMiss) -> UInt8 {
        skipWhitespace()
        guard let byte = current else { throw FastJSONMiss() }
        return byte
    }

    /// Consumes `byte` after optional whitespace.
    mutating func expect(_ byte: UInt8) throws(FastJSONMiss) {
        guard try peek() == byte else { throw FastJSONMiss() }
        index += 1
    }

    /// Requires that only whitespace remains.
    mutating func expectEnd() throws(FastJSONMiss) {
        skipWhitespace()
        guard index == bytes.count else { throw FastJSONMiss() }
    }

    // MARK: Containers

    /// Consumes `{`; true if a member follows, false if the object is empty (its `}` consumed too).
    mutating func beginObject() throws(FastJSONMiss) -> Bool {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return false
        }
        return true
    }

    /// After a member's value: true if another member follows (its `,` consumed), false at `}`.
    mutating func nextMember() throws(FastJSONMiss) -> Bool {
        try separator(closing: UInt8(ascii: "}"))
    }

    /// Consumes `[`; true if an element follows, false if the array is empty (its `]` consumed too).
    mutating func beginArray() throws(FastJSONMiss) -> Bool {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return false
        }
        return true
    }

    /// After an element: true if another element follows (its `,` consumed), false at `]`.
    mutating func nextElement() throws(FastJSONMiss) -> Bool {
        try separator(closing: UInt8(ascii: "]"))
    }

    private mutating func separator(closing: UInt8) throws(FastJSONMiss) -> Bool {
        let byte = try peek()
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing { return false }
        throw FastJSONMiss()
    }

    // MARK: Literals

    /// Consumes `null` if it is the next value; false (nothing consumed) if another value is next.
    mutating func consumeNull() throws(FastJSONMiss) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Consumes exactly `text`, which must be ASCII.
    mutating func literal(_ text: StaticString) throws(FastJSONMiss) {
        let count = text.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw FastJSONMiss() }
        let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] { throw FastJSONMiss() }
        index += count
    }
}

/// Thrown by `FastJSONScanner` when the input is anything it is not certain to read exactly as
/// `JSONDecoder` would; it carries nothing because the caller always falls back.
struct FastJSONMiss: Error {}
