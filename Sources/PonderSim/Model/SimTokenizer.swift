/// The sim's deterministic tokenizer.
///
/// A token is a newline; or optional leading spaces followed by a run of ASCII letters, up to three
/// digits, or one other character (a whole Unicode scalar); or a run of spaces before a newline or the
/// end of the text. "Step 12: 3456 × 7" is `Step`, ` 12`, `:`, ` 345`, `6`, ` ×`, ` 7`.
public enum SimTokenizer {
    /// The number of tokens of `text`.
    public static func count(_ text: String) -> Int {
        var copy = text
        return copy.withUTF8 { bytes in
            var n = 0
            var i = 0
            while i < bytes.count {
                i = tokenEnd(bytes, from: i)
                n += 1
            }
            return n
        }
    }

    /// The tokens of `text`, in order; joined they give `text` back.
    public static func tokenize(_ text: String) -> [String] {
        ranges(text).map { token(text, $0) }
    }

    /// The UTF-8 offset ranges of the tokens of `text`.
    public static func ranges(_ text: String) -> [Range<Int>] {
        var copy = text
        return copy.withUTF8 { bytes in
            var result: [Range<Int>] = []
            result.reserveCapacity(bytes.count / 3 + 1)
            var i = 0
            while i < bytes.count {
                let end = tokenEnd(bytes, from: i)
                result.append(i..<end)
                i = end
            }
            return result
        }
    }

    /// The token text at a UTF-8 range of `text`.
    static func token(_ text: String, _ range: Range<Int>) -> String {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return String(text[lower..<upper])
    }

    /// The token count of `text` and the chained hashes of its full blocks of `blockSize` tokens, as
    /// vLLM's automatic prefix caching keys its KV blocks: block `b`'s hash covers all tokens before it.
    public static func blockHashes(_ text: String, blockSize: Int = 16) -> (tokenCount: Int, blocks: [UInt64]) {
        var copy = text
        return copy.withUTF8 { bytes in
            var blocks: [UInt64] = []
            blocks.reserveCapacity(bytes.count / (blockSize * 3) + 1)
            var parent: UInt64 = 0x7072_6566_6978
            var blockHash = StableHash.fnvOffset
            var inBlock = 0
            var count = 0
            var i = 0
            while i < bytes.count {
                let end = tokenEnd(bytes, from: i)
                while i < end {
                    blockHash ^= UInt64(bytes[i])
                    blockHash = blockHash &* StableHash.fnvPrime
                    i += 1
                }
                // token boundary marker
                blockHash ^= 0x1FF
                blockHash = blockHash &* StableHash.fnvPrime
                count += 1
                inBlock += 1
                if inBlock == blockSize {
                    parent = StableHash.combine(parent, blockHash)
                    blocks.append(parent)
                    blockHash = StableHash.fnvOffset
                    inBlock = 0
                }
            }
            return (count, blocks)
        }
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The end offset of the token that starts at `start`.
    @inline(__always)
    static func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = bytes.count
        var i = start
        if bytes[i] == 0x0A { return i + 1 }
        while i < n, bytes[i] == 0x20 { i += 1 }
        if i == n { return i }
        let b = bytes[i]
        if b == 0x0A { return i > start ? i : i + 1 }
        if isLetter(b) {
            i += 1
            while i < n, isLetter(bytes[i]) { i += 1 }
            return i
        }
        if isDigit(b) {
            let limit = min(n, i + 3)
            i += 1
            while i < limit, isDigit(bytes[i]) { i += 1 }
            return i
        }
        // one other character: a whole UTF-8 scalar
        i += 1
        if b >= 0xC0 {
            while i < n, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        return i
    }
}
