/// The nested objects of a chat completion body, read as `ChatCompletionResponse.fastDecode` needs them;
/// each mirrors the `init(from:)` of its type.
extension ChatCompletionResponse {
    /// `Choice`'s synthesized decoding: `index` and `message` required, the rest optional. Logprobs are a
    /// miss unless null: their two wire formats are left to `LogprobsPayload`.
    static func readChoice(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> Choice {
        var index: Int?
        var message: ChatMessage?
        var finishReason: String?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "index") {
                try seen.insert(0)
                index = try s.readInt()
            } else if s.key(key, is: "message") {
                try seen.insert(1)
                message = try ChatMessage.fastRead(&s)
            } else if s.key(key, is: "finish_reason") {
                try seen.insert(2)
                if try !s.consumeNull() { finishReason = try s.readString() }
            } else if s.key(key, is: "logprobs") {
                try seen.insert(3)
                guard try s.consumeNull() else { throw FastJSONMiss() }
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        guard let index, let message else { throw FastJSONMiss() }
        return Choice(index: index, message: message, finishReason: finishReason)
    }

    /// `UsageBody.init(from:)`: counts default to 0 (the total to the sum); details that would not decode
    /// (dropped there by `try?`) are a miss here, being rare enough not to mirror.
    static func readUsage(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> UsageBody {
        var prompt: Int?, completion: Int?, total: Int?
        var details: UsageBody.PromptTokensDetails?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "prompt_tokens") {
                try seen.insert(0)
                prompt = try s.consumeNull() ? nil : s.readInt()
            } else if s.key(key, is: "completion_tokens") {
                try seen.insert(1)
                completion = try s.consumeNull() ? nil : s.readInt()
            } else if s.key(key, is: "total_tokens") {
                try seen.insert(2)
                total = try s.consumeNull() ? nil : s.readInt()
            } else if s.key(key, is: "prompt_tokens_details") {
                try seen.insert(3)
                details = try s.consumeNull() ? nil : readPromptTokensDetails(&s)
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        // `readInt` stops at 18 digits, so the default total (their sum) cannot overflow.
        var usage = UsageBody(promptTokens: prompt ?? 0, completionTokens: completion ?? 0)
        if let total { usage.totalTokens = total }
        usage.promptTokensDetails = details
        return usage
    }

    /// `{"cached_tokens": n}`; an object without it still decodes, with a nil count.
    private static func readPromptTokensDetails(_ s: inout FastJSONScanner) throws(FastJSONMiss)
        -> UsageBody.PromptTokensDetails
    {
        var cached: Int?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "cached_tokens") {
                try seen.insert(0)
                cached = try s.consumeNull() ? nil : s.readInt()
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        return UsageBody.PromptTokensDetails(cachedTokens: cached)
    }

    /// llama.cpp's timings object; like the usage details, one that would not decode is a miss.
    static func readTimings(_ s: inout FastJSONScanner) throws(FastJSONMiss) -> ServerTimings {
        var predicted: Int?
        var seen = FastDecodeSeenKeys()
        var more = try s.beginObject()
        while more {
            let key = try s.readKey()
            if s.key(key, is: "predicted_n") {
                try seen.insert(0)
                predicted = try s.consumeNull() ? nil : s.readInt()
            } else {
                try s.skipValue()
            }
            more = try s.nextMember()
        }
        return ServerTimings(predictedN: predicted)
    }
}
