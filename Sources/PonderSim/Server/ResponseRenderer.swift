#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import PonderCore

/// Turns generated choices into OpenAI response bodies: one JSON object, or SSE events.
struct ResponseRenderer: Sendable {
    var endpoint: GenerationEndpoint
    var id: String
    var created: Int
    var model: String
    var choices: [SimModel.Choice]
    var usage: UsageBody
    var timings: ServerTimings?

    /// The body of a non-streaming response.
    func body() -> ByteBuffer {
        switch endpoint {
        case .chat:
            var response = ChatCompletionResponse(
                id: id, created: created, model: model,
                choices: choices.enumerated().map { index, choice in
                    .init(
                        index: index, message: .assistant(choice.text), finishReason: choice.finishReason,
                        logprobs: choice.logprobs.map(LogprobsPayload.init))
                }, usage: usage)
            response.timings = timings
            return JSONCoding.encode(response)
        case .completion:
            var response = CompletionResponse(
                id: id, created: created, model: model,
                choices: choices.enumerated().map { index, choice in
                    .init(
                        index: index, text: choice.text, finishReason: choice.finishReason,
                        logprobs: choice.logprobs.map(LogprobsPayload.init))
                }, usage: usage)
            response.timings = timings
            return JSONCoding.encode(response)
        }
    }

    /// SSE events grouped by decode step: tick `t` holds token `t` of every choice (the first tick also the
    /// chat role chunks); the last tick ends with the usage chunk (when asked for, with llama.cpp's `timings`
    /// when emulating it) and `[DONE]`.
    func streamTicks(includeUsage: Bool) -> [[UInt8]] {
        let tokenLists = choices.map(\.tokens)
        let length = max(1, tokenLists.map(\.count).max() ?? 1)
        var ticks: [[UInt8]] = Array(repeating: [], count: length)
        if endpoint == .chat {
            for index in choices.indices {
                append(chunk([choiceChunk(index: index, role: "assistant", content: "", finish: nil, logprob: nil)]), to: &ticks[0])
            }
        }
        for t in 0..<length {
            for (index, tokens) in tokenLists.enumerated() {
                let last = max(tokens.count, 1) - 1
                guard t <= last else { continue }
                let content = tokens.isEmpty ? "" : tokens[t]
                let logprob = choices[index].logprobs.flatMap { t < $0.count ? $0[t] : nil }
                let finish = t == last ? choices[index].finishReason : nil
                append(
                    chunk([choiceChunk(index: index, role: nil, content: content, finish: finish, logprob: logprob)]),
                    to: &ticks[t])
            }
        }
        var final = StreamChunk(id: id, object: endpoint.chunkObject, created: created, model: model, choices: [])
        if includeUsage {
            final.usage = usage
            final.timings = timings
            append(JSONCoding.encodeData(final), to: &ticks[length - 1])
        }
        ticks[length - 1] += Array("data: [DONE]\n\n".utf8)
        return ticks
    }

    private func chunk(_ choices: [StreamChunk.Choice]) -> Data {
        JSONCoding.encodeData(
            StreamChunk(id: id, object: endpoint.chunkObject, created: created, model: model, choices: choices))
    }

    private func choiceChunk(index: Int, role: String?, content: String, finish: String?, logprob: TokenLogprob?)
        -> StreamChunk.Choice
    {
        let payload = logprob.map { LogprobsPayload(tokens: [$0]) }
        switch endpoint {
        case .chat:
            return .init(
                index: index, delta: .init(role: role, content: content), text: nil, finishReason: finish,
                logprobs: payload)
        case .completion:
            return .init(index: index, delta: nil, text: content, finishReason: finish, logprobs: payload)
        }
    }

    private func append(_ json: some Sequence<UInt8>, to buffer: inout [UInt8]) {
        buffer += Array("data: ".utf8)
        buffer += json
        buffer += [0x0A, 0x0A]
    }
}
