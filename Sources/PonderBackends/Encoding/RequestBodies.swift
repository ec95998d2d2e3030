import NIOCore
import PonderCore

/// The JSON bodies of the requests Ponder sends, written with `JSONBodyWriter`.
///
/// Field for field the same as the `Codable` encoding of the wire types (a test decodes these bodies
/// with `JSONDecoder` and compares), without its cost.
enum RequestBodies {
    /// Room for the text and the fields around it, with an eighth more for escapes, so that the buffer
    /// is seldom grown while it is written. (Buffers round up to a power of two: a larger base would
    /// double a short request's memory, which counts with ten thousand calls in flight.)
    static func capacity(_ textBytes: Int) -> Int {
        256 + textBytes + textBytes / 8
    }

    static func chat(_ request: ChatCompletionRequest) -> [UInt8] {
        var writer = JSONBodyWriter(capacity: Self.capacity(request.messages.reduce(0) { $0 + $1.content.utf8.count + 32 }))
        writer.beginObject()
        writer.field("model", request.model)
        writer.beginArray("messages")
        for message in request.messages {
            writer.beginObject()
            writer.field("role", message.role)
            writer.field("content", message.content)
            writer.endObject()
        }
        writer.endArray()
        writeSampling(&writer, n: request.n, temperature: request.temperature, topP: request.topP, topK: request.topK,
                      minP: request.minP, seed: request.seed, maxTokens: request.maxTokens, stop: request.stop)
        writer.field("logprobs", request.logprobs)
        writer.field("top_logprobs", request.topLogprobs)
        writer.field("stream", request.stream)
        writeStreamOptions(&writer, request.streamOptions)
        writer.field("continue_final_message", request.continueFinalMessage)
        writer.field("add_generation_prompt", request.addGenerationPrompt)
        writer.endObject()
        return writer.written
    }

    static func completion(_ request: CompletionRequest) -> [UInt8] {
        var writer = JSONBodyWriter(capacity: Self.capacity(request.prompt.utf8.count))
        writer.beginObject()
        writer.field("model", request.model)
        writer.field("prompt", request.prompt)
        writeSampling(&writer, n: request.n, temperature: request.temperature, topP: request.topP, topK: request.topK,
                      minP: request.minP, seed: request.seed, maxTokens: request.maxTokens, stop: request.stop)
        writer.field("logprobs", request.logprobs)
        writer.field("stream", request.stream)
        writeStreamOptions(&writer, request.streamOptions)
        writer.endObject()
        return writer.written
    }

    private static func writeSampling(
        _ writer: inout JSONBodyWriter, n: Int?, temperature: Double?, topP: Double?, topK: Int?, minP: Double?,
        seed: UInt64?, maxTokens: Int?, stop: StopSequences?
    ) {
        writer.field("n", n)
        writer.field("temperature", temperature)
        writer.field("top_p", topP)
        writer.field("top_k", topK)
        writer.field("min_p", minP)
        writer.field("seed", seed)
        writer.field("max_tokens", maxTokens)
        writer.field("stop", strings: stop?.values)
    }

    private static func writeStreamOptions(_ writer: inout JSONBodyWriter, _ options: StreamOptions?) {
        guard let options else { return }
        writer.beginObject("stream_options")
        writer.field("include_usage", options.includeUsage)
        writer.endObject()
    }
}
