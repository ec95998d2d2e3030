/// A chat message read by the hand-written decoders (`ChatCompletionResponse.fastDecode`,
/// `ChatCompletionRequest.fastDecode`), exactly as `init(from:)` would read it or not at all.
extension ChatMessage {
    /// `ChatMessage.init(from:)` for string or null content. Content given as parts, and any tool or
    /// function call (other than `null` or `[]`), are misses.
    static func fastRead(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> ChatMessage {
        var role: String?
        var content: String?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "role") {
                try seen.insert(0)
                role = try s.readString()
            } else if s.key(key, is: "content") {
                try seen.insert(1)
                content = try s.consumeNull() ? "" : s.readString()
            } else if s.key(key, is: "tool_calls") || s.key(key, is: "function_call") {
                guard try s.consumeNullOrEmptyArray() else { throw FastJSONMiss() }
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        // A missing `content` fails `init(from:)` (its `decodeNil` needs the key): `JSONDecoder` says so.
        guard let role, let content else { throw FastJSONMiss() }
        return ChatMessage(role: role, content: content)
    }
}
