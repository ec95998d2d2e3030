import NIOCore
import PonderBackends
import PonderCore

/// A response body the daemon writes straight into a buffer.
///
/// `JSONEncoder` builds a tree of boxed values for every response, and for every streamed token: it
/// was about a tenth of the daemon's CPU per request. The shapes are fixed, so they are written
/// directly; the `Encodable` conformances stay as the reference the tests compare against. The rare,
/// deeply nested allocation record is still encoded by `JSONEncoder`.
protocol ProxyJSONWritable {
    func write(to writer: inout JSONBodyWriter)
}

extension ProxyJSONWritable {
    var jsonBytes: ByteBuffer {
        var writer = JSONBodyWriter(capacity: 1024)
        write(to: &writer)
        return writer.buffer
    }
}

extension ProxyChatResponse: ProxyJSONWritable {
    func write(to writer: inout JSONBodyWriter) {
        writer.beginCompletionBody(id: id, object: object, created: created, model: model)
        for choice in choices {
            writer.beginObject()
            writer.field("index", choice.index)
            writer.beginObject("message")
            writer.field("role", choice.message.role)
            writer.field("content", choice.message.content)
            writer.endObject()
            writer.field("finish_reason", choice.finishReason)
            if let logprobs = choice.logprobs { writer.field("logprobs", json: JSONBody.bytes(logprobs)) }
            writer.endObject()
        }
        writer.endCompletionBody(usage: usage, ponder: ponder)
    }
}

extension ProxyCompletionResponse: ProxyJSONWritable {
    func write(to writer: inout JSONBodyWriter) {
        writer.beginCompletionBody(id: id, object: object, created: created, model: model)
        for choice in choices {
            writer.beginObject()
            writer.field("index", choice.index)
            writer.field("text", choice.text)
            writer.field("finish_reason", choice.finishReason)
            if let logprobs = choice.logprobs { writer.field("logprobs", json: JSONBody.bytes(logprobs)) }
            writer.endObject()
        }
        writer.endCompletionBody(usage: usage, ponder: ponder)
    }
}

extension ProxyStreamChunk: ProxyJSONWritable {
    func write(to writer: inout JSONBodyWriter) {
        writer.beginCompletionBody(id: id, object: object, created: created, model: model)
        for choice in choices {
            writer.beginObject()
            writer.field("index", choice.index)
            if let delta = choice.delta {
                writer.beginObject("delta")
                writer.field("role", delta.role)
                writer.field("content", delta.content)
                writer.endObject()
            }
            writer.field("text", choice.text)
            writer.field("finish_reason", choice.finishReason)
            writer.endObject()
        }
        writer.endArray()
        usage?.write(to: &writer)
        if let ponder {
            writer.beginObject("ponder")
            writer.field("strategy", ponder.strategy)
            writer.field("calls", ponder.calls)
            writer.field("prompt_tokens", ponder.promptTokens)
            writer.field("completion_tokens", ponder.completionTokens)
            writer.field("step", ponder.step)
            writer.field("nodes_expanded", ponder.nodesExpanded)
            writer.field("best_score", ponder.bestScore)
            writer.field("cut_short", ponder.cutShort?.rawValue)
            writer.field("trace_id", ponder.traceID)
            if let allocation = ponder.allocation { writer.field("allocation", json: JSONBody.bytes(allocation)) }
            writer.endObject()
        }
        writer.endObject()
    }

    /// The chunk as one server-sent event: `data: {…}` and a blank line.
    var event: ByteBuffer {
        var writer = JSONBodyWriter(capacity: 256)
        writer.raw("data: ")
        write(to: &writer)
        writer.raw("\n\n")
        return writer.buffer
    }
}

extension ProxySearchDetails {
    func write(to writer: inout JSONBodyWriter) {
        writer.beginObject("ponder")
        writer.field("strategy", strategy)
        writer.field("kind", kind)
        writer.beginObject("parameters")
        for (name, value) in parameters { writer.field(dynamicKey: name, value) }
        writer.endObject()
        writer.field("calls", calls)
        writer.field("cut_short", cutShort?.rawValue)
        writer.field("generation_equivalents", generationEquivalents)
        writer.beginArray("candidates")
        for candidate in candidates {
            writer.beginObject()
            writer.field("text", candidate.text)
            writer.field("answer", candidate.answer)
            writer.field("score", candidate.score)
            writer.field("step_scores", doubles: candidate.stepScores)
            writer.field("votes", candidate.votes)
            writer.field("is_complete", candidate.isComplete)
            writer.endObject()
        }
        writer.endArray()
        writer.field("uncounted_choices", uncountedChoices)
        writer.field("trace_id", traceID)
        if let allocation { writer.field("allocation", json: JSONBody.bytes(allocation)) }
        writer.endObject()
    }
}

extension UsageBody {
    func write(to writer: inout JSONBodyWriter) {
        writer.beginObject("usage")
        writer.field("prompt_tokens", promptTokens)
        writer.field("completion_tokens", completionTokens)
        writer.field("total_tokens", totalTokens)
        if let details = promptTokensDetails {
            writer.beginObject("prompt_tokens_details")
            writer.field("cached_tokens", details.cachedTokens)
            writer.endObject()
        }
        writer.endObject()
    }
}

extension JSONBodyWriter {
    /// Opens a completion body (response or stream chunk) up to its `choices` array.
    mutating func beginCompletionBody(id: String, object: String, created: Int, model: String) {
        beginObject()
        field("id", id)
        field("object", object)
        field("created", created)
        field("model", model)
        beginArray("choices")
    }

    /// Closes the `choices` array and the body of a response, with its usage and `ponder` object.
    mutating func endCompletionBody(usage: UsageBody, ponder: ProxySearchDetails) {
        endArray()
        usage.write(to: &self)
        ponder.write(to: &self)
        endObject()
    }
}
