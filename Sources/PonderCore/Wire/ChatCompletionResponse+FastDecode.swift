/// A hand-written decoder for the common shape of a non-streaming chat completion body.
///
/// `JSONDecoder` costs about a quarter of Ponder's CPU per backend call. This reads the usual body —
/// string content, no logprobs, no tool calls — in one pass without building a JSON tree, and returns
/// exactly the value `init(from:)` would. Whenever it is not certain of that (an unexpected type, a
/// duplicated field, an escaped key, a fraction where an integer is wanted, malformed JSON...), it
/// returns nil, and the caller decodes with `JSONDecoder`, which then produces its usual value or error.
extension ChatCompletionResponse {
    public static func fastDecode(_ bytes: UnsafeRawBufferPointer) -> ChatCompletionResponse? {
        var scanner = FastJSONScanner(bytes)
        do {
            let response = try readResponse(&scanner)
            try scanner.expectEnd()
            return response
        } catch {
            return nil
        }
    }

    public static func fastDecode(_ bytes: [UInt8]) -> ChatCompletionResponse? {
        bytes.withUnsafeBytes { fastDecode($0) }
    }

    /// The top-level object, with `init(from:)`'s defaults for missing or null fields.
    private static func readResponse(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> ChatCompletionResponse {
        var id = "", object = "chat.completion", created = 0, model = ""
        var choices: [Choice]?
        var usage: UsageBody?
        var timings: ServerTimings?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "id") {
                try seen.insert(0)
                if try !s.consumeNull() { id = try s.readString() }
            } else if s.key(key, is: "object") {
                try seen.insert(1)
                if try !s.consumeNull() { object = try s.readString() }
            } else if s.key(key, is: "created") {
                try seen.insert(2)
                if try !s.consumeNull() { created = try s.readInt() }
            } else if s.key(key, is: "model") {
                try seen.insert(3)
                if try !s.consumeNull() { model = try s.readString() }
            } else if s.key(key, is: "choices") {
                try seen.insert(4)
                choices = try readChoices(&s)
            } else if s.key(key, is: "usage") {
                try seen.insert(5)
                if try !s.consumeNull() { usage = try readUsage(&s) }
            } else if s.key(key, is: "timings") {
                try seen.insert(6)
                if try !s.consumeNull() { timings = try readTimings(&s) }
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        guard let choices else { throw FastJSONMiss() }
        var response = ChatCompletionResponse(id: id, created: created, model: model, choices: choices, usage: usage)
        response.object = object
        response.timings = timings
        return response
    }

    private static func readChoices(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> [Choice] {
        var choices: [Choice] = []
        var more = try s.beginArray()
        while more {
            choices.append(try readChoice(&s))
            more = try s.nextElement()
        }
        return choices
    }
}

/// Which known keys an object has shown, so a repeated one sends the body to `JSONDecoder`.
struct FastDecodeSeenKeys {
    private var bits: UInt32 = 0

    mutating func insert(_ slot: Int) throws(FastJSONMiss) {
        let bit: UInt32 = 1 << UInt32(slot)
        guard bits & bit == 0 else { throw FastJSONMiss() }
        bits |= bit
    }
}
