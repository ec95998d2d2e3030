/// A hand-written decoder for the plain chat request most clients send to the daemon.
///
/// `JSONDecoder` was the largest single share of the daemon's CPU per request. This reads the common
/// body — model, messages with string content, and the usual sampling fields — in one pass and returns
/// exactly the value `init(from:)` would. Any other field (`stop`, `stream_options`, Ponder's own
/// `ponder` object, an unknown key...) or anything it is not certain of is a miss: it returns nil and
/// the caller decodes with `JSONDecoder`, which gives its usual value or error.
extension ChatCompletionRequest {
    public static func fastDecode(_ bytes: UnsafeRawBufferPointer) -> ChatCompletionRequest? {
        var scanner = FastJSONScanner(bytes)
        do {
            let request = try readRequest(&scanner)
            try scanner.expectEnd()
            return request
        } catch {
            return nil
        }
    }

    public static func fastDecode(_ bytes: [UInt8]) -> ChatCompletionRequest? {
        bytes.withUnsafeBytes { fastDecode($0) }
    }

    private static func readRequest(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> ChatCompletionRequest {
        var model: String?
        var messages: [ChatMessage]?
        var sampling = SamplingParameters()
        var stream: Bool?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "model") {
                try seen.insert(0)
                model = try s.readString()
            } else if s.key(key, is: "messages") {
                try seen.insert(1)
                messages = try readMessages(&s)
            } else if s.key(key, is: "max_tokens") {
                try seen.insert(2)
                sampling.maxTokens = try s.consumeNull() ? nil : s.readInt()
            } else if s.key(key, is: "n") {
                try seen.insert(3)
                sampling.n = try s.consumeNull() ? nil : s.readInt()
            } else if s.key(key, is: "seed") {
                try seen.insert(4)
                if try !s.consumeNull() {
                    guard let seed = UInt64(exactly: try s.readInt()) else { throw FastJSONMiss() }
                    sampling.seed = seed
                }
            } else if s.key(key, is: "temperature") {
                try seen.insert(5)
                sampling.temperature = try s.consumeNull() ? nil : s.readDouble()
            } else if s.key(key, is: "top_p") {
                try seen.insert(6)
                sampling.topP = try s.consumeNull() ? nil : s.readDouble()
            } else if s.key(key, is: "stream") {
                try seen.insert(7)
                stream = try s.consumeNull() ? nil : s.readBool()
            } else {
                throw FastJSONMiss()
            }
            more = try s.nextMember()
        }
        guard let model, let messages else { throw FastJSONMiss() }
        var request = ChatCompletionRequest(model: model, messages: messages, sampling: sampling)
        request.stream = stream
        return request
    }

    private static func readMessages(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        var more = try s.beginArray()
        while more {
            messages.append(try ChatMessage.fastRead(&s))
            more = try s.nextElement()
        }
        return messages
    }
}
