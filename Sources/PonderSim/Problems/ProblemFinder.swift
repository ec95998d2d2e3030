/// Finds the last arithmetic problem written in a text.
///
/// A problem is "Start with <int>." followed by one or more operation sentences and "What is the result?",
/// separated by whitespace. Few-shot prompts hold several; the sim answers the last one.
public enum ProblemFinder {
    /// A problem found in a text, and where its question ends.
    public struct Match: Sendable {
        public var problem: ArithmeticProblem
        /// UTF-8 offset just past "What is the result?".
        public var endOffset: Int
    }

    static let startPhrase = Array("Start with ".utf8)
    static let endPhrase = Array("What is the result?".utf8)
    static let operationPhrases: [(SimOperation.Kind, [UInt8])] = [
        (.add, Array("Add ".utf8)),
        (.subtract, Array("Subtract ".utf8)),
        (.multiply, Array("Multiply the result by ".utf8)),
        (.divide, Array("Divide the result by ".utf8)),
    ]

    /// The last complete problem in `text`, if any.
    public static func lastProblem(in text: String) -> Match? {
        var copy = text
        return copy.withUTF8 { lastProblem(in: $0) }
    }

    /// The text after the last problem's question, with the problem; `nil` if `text` holds no problem.
    public static func split(_ text: String) -> (problem: ArithmeticProblem, after: String)? {
        guard let match = lastProblem(in: text) else { return nil }
        let utf8 = text.utf8
        let index = utf8.index(utf8.startIndex, offsetBy: match.endOffset)
        return (match.problem, String(text[index...]))
    }

    static func lastProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Match? {
        let phrase = startPhrase
        guard bytes.count >= phrase.count else { return nil }
        var position = bytes.count - phrase.count
        while position >= 0 {
            if bytes[position] == phrase[0], matches(bytes, at: position, phrase) {
                if let match = parse(bytes, from: position + phrase.count) { return match }
            }
            position -= 1
        }
        return nil
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Match? {
        var i = offset
        guard let start = integer(bytes, &i), i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var operations: [SimOperation] = []
        while true {
            skipWhitespace(bytes, &i)
            if matches(bytes, at: i, endPhrase) {
                guard !operations.isEmpty else { return nil }
                return Match(
                    problem: ArithmeticProblem(start: start, operations: operations), endOffset: i + endPhrase.count)
            }
            guard let kind = operationPhrases.first(where: { matches(bytes, at: i, $0.1) }) else { return nil }
            i += kind.1.count
            guard let operand = integer(bytes, &i), i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            operations.append(SimOperation(kind.0, operand))
            if operations.count > 64 { return nil }
        }
    }

    @inline(__always)
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, _ phrase: [UInt8]) -> Bool {
        guard offset >= 0, offset + phrase.count <= bytes.count else { return false }
        for k in 0..<phrase.count where bytes[offset + k] != phrase[k] { return false }
        return true
    }

    static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// An optionally negative integer of at most 12 digits.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        var j = i
        var negative = false
        if j < bytes.count, bytes[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        }
        var value = 0
        var digits = 0
        while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, digits < 12 {
            value = value * 10 + Int(bytes[j] - 0x30)
            digits += 1
            j += 1
        }
        guard digits > 0 else { return nil }
        i = j
        return negative ? -value : value
    }
}
