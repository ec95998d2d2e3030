/// Strings: keys are compared as raw bytes, values are unescaped into `String`s.
extension FastJSONScanner {
    /// Where a member's key sits in the input; only keys without escapes are ever returned.
    struct Key {
        let start: Int
        let count: Int
    }

    /// Reads `"key"` and the `:` after it. A key holding an escape is a miss: `JSONDecoder` matches
    /// keys after unescaping, and such keys are too rare to be worth matching here.
    mutating func readKey() throws(FastJSONMiss) -> Key {
        let span = try scanString()
        guard !span.hasEscapes else { throw FastJSONMiss() }
        try expect(UInt8(ascii: ":"))
        return Key(start: span.start, count: span.end - span.start)
    }

    /// Whether `key` is exactly `name` (ASCII).
    func key(_ key: Key, is name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: name.utf8Start, count: key.count)
        for offset in 0..<key.count where bytes[key.start + offset] != expected[offset] { return false }
        return true
    }

    /// Reads a string value; anything else (including `null`) is a miss.
    mutating func readString() throws(FastJSONMiss) -> String {
        let span = try scanString()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasEscapes else { return String(decoding: raw, as: UTF8.self) }
        // Unescaped, a string is never longer than its JSON form, so it is written straight into the
        // new string's storage: one allocation, no intermediate array.
        return String(unsafeUninitializedCapacity: raw.count) { out in
            var o = 0
            var i = 0
            while i < raw.count {
                // The run up to the next backslash is copied as it is.
                let run = StringWord.bytesBeforeBackslash(raw, from: i)
                if run > 0 {
                    UnsafeMutableRawPointer(out.baseAddress! + o).copyMemory(from: raw.baseAddress! + i, byteCount: run)
                    o += run
                    i += run
                    if i == raw.count { break }
                }
                let kind = raw[i + 1]
                i += 2
                switch kind {
                case UInt8(ascii: "b"): out[o] = 0x08; o += 1
                case UInt8(ascii: "f"): out[o] = 0x0C; o += 1
                case UInt8(ascii: "n"): out[o] = 0x0A; o += 1
                case UInt8(ascii: "r"): out[o] = 0x0D; o += 1
                case UInt8(ascii: "t"): out[o] = 0x09; o += 1
                case UInt8(ascii: "u"):
                    // `scanString` has checked the hex digits and the pairing of surrogates.
                    var scalar = UInt32(Self.hexValue(raw, at: i))
                    i += 4
                    if scalar & 0xFC00 == 0xD800 {
                        let low = UInt32(Self.hexValue(raw, at: i + 2))
                        i += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    Self.writeUTF8(scalar, to: out, at: &o)
                default: out[o] = kind; o += 1  // `"`, `\\` or `/`
                }
            }
            return o
        }
    }

    /// Validates the string at the cursor and steps past it.
    mutating func skipString() throws(FastJSONMiss) {
        _ = try scanString()
    }

    /// The raw contents of a string between its quotes.
    struct StringSpan {
        let start: Int
        let end: Int
        let hasEscapes: Bool
    }

    /// Steps over a string, checking everything `JSONDecoder` could object to: control characters,
    /// unknown escapes, bad `\u` digits, unpaired surrogates and ill-formed UTF-8. A string that passes
    /// unescapes to well-formed UTF-8, so `readString` need not check again.
    mutating func scanString() throws(FastJSONMiss) -> StringSpan {
        try expect(UInt8(ascii: "\""))
        let start = index
        var hasEscapes = false
        var hasNonASCII = false
        while true {
            // Eight bytes at a time while none of them ends the string or needs a look of its own.
            if bytes.count - index >= 8 {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if StringWord.needsALook(word) == 0 {
                    if word & StringWord.highBits != 0 { hasNonASCII = true }
                    index += 8
                    continue
                }
            }
            guard index < bytes.count else { throw FastJSONMiss() }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw FastJSONMiss() }
            if byte >= 0x80 { hasNonASCII = true }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else {
                index += 1
            }
        }
        let end = index
        index += 1
        if hasNonASCII {
            guard UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else { throw FastJSONMiss() }
        }
        return StringSpan(start: start, end: end, hasEscapes: hasEscapes)
    }

    /// Steps over one escape at the cursor (its backslash included).
    private mutating func scanEscape() throws(FastJSONMiss) {
        guard bytes.count - index >= 2 else { throw FastJSONMiss() }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"),
            UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 2)
            index += 6
            switch unit {
            case 0xD800...0xDBFF:
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw FastJSONMiss() }
                guard (0xDC00...0xDFFF).contains(try hexUnit(at: index + 2)) else { throw FastJSONMiss() }
                index += 6
            case 0xDC00...0xDFFF:
                throw FastJSONMiss()
            default:
                break
            }
        default:
            throw FastJSONMiss()
        }
    }

    /// The four hex digits at `offset` as a UTF-16 code unit.
    private func hexUnit(at offset: Int) throws(FastJSONMiss) -> UInt16 {
        guard bytes.count - offset >= 4 else { throw FastJSONMiss() }
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let digit = Self.hexDigit(bytes[offset + k]) else { throw FastJSONMiss() }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Four hex digits already validated by `scanString`.
    private static func hexValue(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt16 {
        var value: UInt16 = 0
        for k in 0..<4 { value = value << 4 | UInt16(hexDigit(raw[offset + k]) ?? 0) }
        return value
    }

    private static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutableBufferPointer<UInt8>, at o: inout Int) {
        switch scalar {
        case 0..<0x80:
            out[o] = UInt8(scalar)
            o += 1
        case 0x80..<0x800:
            out[o] = UInt8(0xC0 | scalar >> 6)
            out[o + 1] = UInt8(0x80 | scalar & 0x3F)
            o += 2
        case 0x800..<0x10000:
            out[o] = UInt8(0xE0 | scalar >> 12)
            out[o + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar & 0x3F)
            o += 3
        default:
            out[o] = UInt8(0xF0 | scalar >> 18)
            out[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 3] = UInt8(0x80 | scalar & 0x3F)
            o += 4
        }
    }
}

/// Tests on eight string bytes at once, in one 64-bit word (the SWAR tests of "Bit Twiddling Hacks").
enum StringWord {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Non-zero when a byte of `word` is a quote, a backslash or a control character (below 0x20):
    /// exact as to whether there is one, not as to which.
    @inline(__always)
    static func needsALook(_ word: UInt64) -> UInt64 {
        hasZeroByte(word ^ (lowBits &* 0x22)) | hasZeroByte(word ^ (lowBits &* 0x5C))
            | ((word &- lowBits &* 0x20) & ~word & highBits)
    }

    /// How many bytes from `start` come before the next backslash (or the end).
    static func bytesBeforeBackslash(_ raw: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while raw.count - i >= 8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // The lowest flag marks the first backslash: a false flag can only follow a true one.
            let found = hasZeroByte(word ^ (lowBits &* 0x5C))
            if found != 0 { return i - start + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < raw.count, raw[i] != UInt8(ascii: "\\") { i += 1 }
        return i - start
    }

    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> UInt64 {
        (word &- lowBits) & ~word & highBits
    }
}
