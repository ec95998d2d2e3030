/// Skipping values a decoder does not need, validating them as strictly as if they were read: `JSONDecoder`
/// parses the whole document before decoding, so a flaw in an ignored field fails it too.
extension FastJSONScanner {
    /// Steps over any JSON value at the cursor.
    mutating func skipValue(depth: Int = 0) throws(FastJSONMiss) {
        switch try peek() {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw FastJSONMiss() }
            var more = try beginObject()
            while more {
                _ = try scanString()
                try expect(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
                more = try nextMember()
            }
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw FastJSONMiss() }
            var more = try beginArray()
            while more {
                try skipValue(depth: depth + 1)
                more = try nextElement()
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw FastJSONMiss()
        }
    }

    /// Whether the value at the cursor is `null` or `[]`; either is consumed, anything else is left in place.
    mutating func consumeNullOrEmptyArray() throws(FastJSONMiss) -> Bool {
        if try consumeNull() { return true }
        guard try peek() == UInt8(ascii: "[") else { return false }
        let start = index
        if try !beginArray() { return true }
        index = start
        return false
    }
}
