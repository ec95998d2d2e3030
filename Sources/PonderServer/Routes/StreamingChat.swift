import Hummingbird
import PonderBackends
import PonderCore
import PonderEngine

import class FoundationEssentials.JSONEncoder

/// `stream: true` on a chat completion, as server-sent events.
///
/// `single` passes the model's tokens through as they arrive. A search streams a progress chunk (a
/// `ponder` object, empty delta) after every backend call, then the chosen answer, then — with
/// `stream_options.include_usage` — a usage chunk, then `[DONE]`. A client that disconnects cancels the
/// search: writing to it fails, the search task is cancelled and makes no further backend calls.
struct StreamingChat: Sendable {
    let engine: Engine
    let preset: String
    let problem: Problem
    let budget: Budget
    let seed: UInt64
    let sampling: SamplingParameters
    let model: String
    let includeUsage: Bool

    private enum Event: Sendable {
        case progress(Usage)
        case piece(String)
        case finished(Usage, StopReason?, finishReason: String)
        case failed(String)
    }

    var response: Response {
        Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in try await stream(into: &writer) })
    }

    private func stream(into writer: inout any ResponseBodyWriter) async throws {
        let id = "ponder-\(SeedMixer.mix(seed, UInt64(problem.question.utf8.count)))"
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let work = Task { await produce(continuation) }
        defer { work.cancel() }
        try await writer.write(chunk(id: id, delta: .init(role: "assistant", content: "")))
        for await event in events {
            switch event {
            case .progress(let usage):
                var progress = ProxyStreamChunk(id: id, model: model, choices: [.init(delta: .init())])
                progress.ponder = .init(
                    strategy: preset, calls: usage.calls, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
                try await writer.write(encode(progress))
            case .piece(let text):
                try await writer.write(chunk(id: id, delta: .init(content: text)))
            case .finished(let usage, let cutShort, let finishReason):
                var last = ProxyStreamChunk(id: id, model: model, choices: [.init(delta: .init(), finishReason: finishReason)])
                last.ponder = .init(
                    strategy: preset, calls: usage.calls, promptTokens: usage.promptTokens,
                    completionTokens: usage.completionTokens, cutShort: cutShort)
                try await writer.write(encode(last))
                if includeUsage {
                    var usageChunk = ProxyStreamChunk(id: id, model: model, choices: [])
                    usageChunk.usage = UsageBody(
                        promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedTokens: usage.cachedPromptTokens)
                    try await writer.write(encode(usageChunk))
                }
            case .failed(let message):
                try await writer.write(ByteBuffer(string: "data: {\"error\":{\"message\":\(jsonString(message)),\"type\":\"upstream_error\"}}\n\n"))
            }
        }
        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
        try await writer.finish(nil)
    }

    private func produce(_ continuation: AsyncStream<Event>.Continuation) async {
        defer { continuation.finish() }
        do {
            if engine.presets.preset(named: preset)?.kind == "single" {
                let policy = try engine.endpoints.client(for: .policy)
                var parameters = sampling
                parameters.seed = seed
                let generation = try await policy.streamChat(problem.messages, sampling: parameters) { delta in
                    if !delta.text.isEmpty { continuation.yield(.piece(delta.text)) }
                }
                continuation.yield(.finished(generation.usage, nil, finishReason: generation.choices.first?.finishReason ?? "stop"))
                return
            }
            let solution = try await engine.solve(
                problem: problem, preset: preset, budget: budget, seed: seed, sampling: sampling,
                onProgress: { usage in continuation.yield(.progress(usage)) })
            guard let best = solution.candidates.first else {
                continuation.yield(.failed("The search produced no answer within its budget."))
                return
            }
            for (index, paragraph) in best.text.split(separator: "\n\n", omittingEmptySubsequences: false).enumerated() {
                continuation.yield(.piece((index == 0 ? "" : "\n\n") + paragraph))
            }
            continuation.yield(.finished(solution.usage, solution.cutShort, finishReason: best.isComplete ? "stop" : "length"))
        } catch is CancellationError {
            return
        } catch {
            continuation.yield(.failed("\(error)"))
        }
    }

    private func chunk(id: String, delta: ProxyStreamChunk.Delta) -> ByteBuffer {
        encode(ProxyStreamChunk(id: id, model: model, choices: [.init(delta: delta)]))
    }

    private func encode(_ chunk: ProxyStreamChunk) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = ByteBuffer(string: "data: ")
        buffer.writeBytes((try? encoder.encode(chunk)).map { Array($0) } ?? Array("{}".utf8))
        buffer.writeString("\n\n")
        return buffer
    }

    private func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"error\""
    }
}
