import PonderCore
import Synchronization

/// Builds the final choices of a streamed generation from its chunks, and turns each chunk into deltas.
final class StreamAssembler: Sendable {
    private struct State {
        var texts: [String] = []
        var finishReasons: [String?] = []
        var logprobs: [[TokenLogprob]?] = []
        var usage: UsageBody?
        var fromLlamaCpp = false
        var sawDone = false
    }

    private let state = Mutex(State())

    func add(_ chunk: StreamChunk) -> [StreamDelta] {
        state.withLock { state in
            if let usage = chunk.usage { state.usage = usage }
            if chunk.timings != nil { state.fromLlamaCpp = true }
            var deltas: [StreamDelta] = []
            deltas.reserveCapacity(chunk.choices.count)
            for choice in chunk.choices {
                let index = choice.index
                guard index >= 0, index < 1024 else { continue }
                while state.texts.count <= index {
                    state.texts.append("")
                    state.finishReasons.append(nil)
                    state.logprobs.append(nil)
                }
                let text = choice.content
                state.texts[index] += text
                if let reason = choice.finishReason { state.finishReasons[index] = reason }
                if let tokens = choice.logprobs?.tokens {
                    state.logprobs[index, default: []].append(contentsOf: tokens)
                }
                if !text.isEmpty || choice.finishReason != nil {
                    deltas.append(
                        StreamDelta(
                            choiceIndex: index, text: text, finishReason: choice.finishReason,
                            logprobs: choice.logprobs?.tokens))
                }
            }
            return deltas
        }
    }

    /// The stream's `data: [DONE]` arrived.
    func markDone() { state.withLock { $0.sawDone = true } }

    /// Whether the stream ended as a whole one does: with at least one choice, and with `[DONE]` or a
    /// finish reason for every choice. Anything else (an HTML page, an error event, a plain JSON body,
    /// a body cut off between events) is not an answer, however cleanly its connection closed.
    var isComplete: Bool {
        state.withLock { state in
            !state.texts.isEmpty && (state.sawDone || state.finishReasons.allSatisfy { $0 != nil })
        }
    }

    func result() -> ([GeneratedText], UsageBody?, Bool) {
        state.withLock { state in
            let choices = state.texts.indices.map {
                GeneratedText(text: state.texts[$0], finishReason: state.finishReasons[$0], logprobs: state.logprobs[$0])
            }
            return (choices, state.usage, state.fromLlamaCpp)
        }
    }
}

extension Array {
    fileprivate subscript<Wrapped>(index: Int, default defaultValue: [Wrapped]) -> [Wrapped]
    where Element == [Wrapped]? {
        get { self[index] ?? defaultValue }
        set { self[index] = newValue }
    }
}
