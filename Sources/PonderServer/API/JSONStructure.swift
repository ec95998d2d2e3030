/// One pass over a body's bytes before it is parsed, for what the JSON decoder lets through or handles
/// badly: arrays and objects nested deeper than the limit (ten thousand `[` are refused for what they
/// are, not handed to the decoder's recursion), and a key given twice in one object. The decoder keeps
/// the first of two, where Python's and JavaScript's parsers keep the last, so a gateway in front of
/// the daemon and the daemon would read different requests; the daemon refuses them instead.
///
/// Only structure is checked; whether the text is valid JSON is the decoder's business.
enum JSONStructure {
    enum Finding: Equatable {
        /// Deeper than allowed under this top-level field (nil: an unknown field, or none).
        case tooDeep(field: String?)
        /// A key given twice, at this path (nil: the path holds a key the API does not know).
        case duplicateKey(path: String?)
    }

    /// The keys of the request bodies. A path made of other keys is never echoed in an error: a client
    /// may have put anything there, a key included.
    static let knownKeys: Set<String> = [
        "model", "messages", "prompt", "n", "temperature", "top_p", "top_k", "min_p", "seed", "max_tokens", "stop",
        "logprobs", "top_logprobs", "stream", "stream_options", "include_usage", "continue_final_message",
        "add_generation_prompt", "role", "content", "type", "text", "ponder", "strategy", "budget", "max_tokens_total",
        "max_completion_tokens", "max_calls", "max_cost", "deadline_ms", "optillm_approach",
    ]

    private enum Frame {
        /// An object: where its keys start on the scan's key stack, the key being read under, and, once
        /// it has more keys than are worth comparing one by one, all its keys as a set.
        case object(keysStart: Int, current: ObjectKey?, many: Set<ObjectKey>?)
        case array(index: Int)
    }

    /// Keys an object may have before they move from the key stack into a set of their own.
    private static let keysComparedOneByOne = 32

    /// A key as the duplicate check holds it: up to 16 bytes packed into two words, so the usual keys
    /// cost no allocation of their own; longer ones as their bytes.
    private enum ObjectKey: Hashable {
        case short(UInt64, UInt64, count: Int)
        case long([UInt8])

        init(_ bytes: some Collection<UInt8>) {
            guard bytes.count <= 16 else {
                self = .long(Array(bytes))
                return
            }
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                let shifted = UInt64(byte) << UInt64(8 * (index % 8))
                if index < 8 { low |= shifted } else { high |= shifted }
            }
            self = .short(low, high, count: bytes.count)
        }

        var bytes: [UInt8] {
            switch self {
            case .long(let bytes): return bytes
            case .short(let low, let high, let count):
                return (0..<count).map { index in
                    let word = index < 8 ? low : high
                    return UInt8(truncatingIfNeeded: word >> UInt64(8 * (index % 8)))
                }
            }
        }
    }

    /// Nil when `bytes` nests at most `maxDepth` deep (the body's own object is level 1) and no object
    /// repeats a key.
    static func check(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) -> Finding? {
        // The open objects' keys share one stack (an object's keys are contiguous: a nested object's are
        // pushed after them and popped when it closes), so a body costs two arrays, not a set per object.
        var frames: [Frame] = []
        frames.reserveCapacity(8)
        var keys: [ObjectKey] = []
        keys.reserveCapacity(16)
        var inString = false
        var escaped = false
        var expectingKey = false
        var readingKey = false
        var keyStart = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if readingKey, case .object(let start, _, var many) = frames.last {
                        readingKey = false
                        let raw = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<index])
                        let name = raw.contains(UInt8(ascii: "\\")) ? ObjectKey(unescaped(Array(raw))) : ObjectKey(raw)
                        if many != nil {
                            // The frame gives up its set while it is changed, so the insert does not copy it.
                            frames[frames.count - 1] = .array(index: 0)
                            guard many!.insert(name).inserted else { return .duplicateKey(path: path(frames, then: name.bytes)) }
                        } else {
                            guard !keys[start...].contains(name) else { return .duplicateKey(path: path(frames, then: name.bytes)) }
                            keys.append(name)
                            if keys.count - start > keysComparedOneByOne {
                                many = Set(keys[start...])
                                keys.removeSubrange(start...)
                            }
                        }
                        frames[frames.count - 1] = .object(keysStart: start, current: name, many: many)
                    }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                readingKey = expectingKey
                keyStart = index + 1
                expectingKey = false
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard frames.count < maxDepth else { return .tooDeep(field: topLevelField(frames)) }
                frames.append(byte == UInt8(ascii: "{") ? .object(keysStart: keys.count, current: nil, many: nil) : .array(index: 0))
                expectingKey = byte == UInt8(ascii: "{")
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if case .object(let start, _, _) = frames.popLast() { keys.removeSubrange(start...) }
                expectingKey = false
            case UInt8(ascii: ","):
                switch frames.last {
                case .object: expectingKey = true
                case .array(let index): frames[frames.count - 1] = .array(index: index + 1)
                case nil: break
                }
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                break
            default:
                expectingKey = false
            }
        }
        return nil
    }

    /// The top-level field the scan is under, when it is one the API knows.
    private static func topLevelField(_ frames: [Frame]) -> String? {
        guard case .object(_, let current?, _) = frames.first else { return nil }
        let name = String(decoding: current.bytes, as: UTF8.self)
        return knownKeys.contains(name) ? name : nil
    }

    /// `ponder.budget.max_calls`-style path to `last` inside the open frames, if every key is known.
    private static func path(_ frames: [Frame], then last: [UInt8]) -> String? {
        var text = ""
        func add(_ key: [UInt8]) -> Bool {
            let name = String(decoding: key, as: UTF8.self)
            text += (text.isEmpty ? "" : ".") + name
            return knownKeys.contains(name)
        }
        for frame in frames.dropLast() {
            switch frame {
            case .object(_, let current?, _): guard add(current.bytes) else { return nil }
            case .object: return nil
            case .array(let index): text += "[\(index)]"
            }
        }
        return add(last) ? text : nil
    }

    /// A key's UTF-8 bytes with its escapes decoded, so `"mod\u0065l"` is `model`, as the decoder reads
    /// it. A surrogate without its other half becomes U+FFFD.
    private static func unescaped(_ raw: [UInt8]) -> [UInt8] {
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
        ]
        var out: [UInt8] = []
        var high: UInt32?
        func append(_ value: UInt32) { UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { out.append($0) } }
        func flushHigh() {
            if high != nil { append(0xFFFD) }
            high = nil
        }
        var index = 0
        while index < raw.count {
            guard raw[index] == UInt8(ascii: "\\"), index + 1 < raw.count else {
                flushHigh()
                out.append(raw[index])
                index += 1
                continue
            }
            let code = raw[index + 1]
            index += 2
            guard code == UInt8(ascii: "u"), index + 4 <= raw.count,
                let value = UInt32(String(decoding: raw[index..<index + 4], as: UTF8.self), radix: 16)
            else {
                flushHigh()
                out.append(simple[code] ?? code)
                continue
            }
            index += 4
            if (0xDC00...0xDFFF).contains(value), let first = high {
                append(0x10000 + ((first - 0xD800) << 10) + (value - 0xDC00))
                high = nil
                continue
            }
            flushHigh()
            if (0xD800...0xDBFF).contains(value) { high = value } else { append(value) }
        }
        flushHigh()
        return out
    }
}
