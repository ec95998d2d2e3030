import Synchronization

/// What a streamed call has handed its caller so far, kept across the pool's attempts, so a retry never
/// hands on a piece twice.
///
/// A stream that fails after some pieces were delivered (reset mid-body, a stall cut by the idle
/// timeout, a body that breaks off) is retried like any call: the same request, seed included, on
/// another replica where one is healthy. The retry's pieces are checked against the text already
/// delivered and held back until they pass its end; from there on they are handed on as they arrive.
/// A retry whose text differs from what was delivered (a server that does not honour the seed) fails
/// its attempt, so the caller sees one consistent text or an error, never a spliced one.
final class StreamReplay: Sendable {
    private struct Choice {
        /// The text delivered to the caller, and whether its finish reason was.
        var delivered = ""
        var finished = false

        /// The part of `delta`, read at byte `start` of an attempt's text, that is new to the caller;
        /// records it as delivered.
        mutating func admit(_ delta: StreamDelta, from start: Int, endpoint: String, replica: String) throws -> StreamDelta? {
            let deliveredBytes = delivered.utf8.count
            var fresh = delta
            if start < deliveredBytes {
                // Replaying: the overlap must match byte for byte; only what lies beyond is new.
                let overlap = min(deliveredBytes - start, delta.text.utf8.count)
                let old = delivered.utf8.dropFirst(start).prefix(overlap)
                guard old.elementsEqual(delta.text.utf8.prefix(overlap)) else {
                    throw BackendError.malformedResponse(
                        endpoint: endpoint, replica: replica,
                        detail: "the retried stream differs from the text already delivered (choice \(delta.choiceIndex), byte \(start))")
                }
                if delta.finishReason != nil, start + delta.text.utf8.count < deliveredBytes {
                    throw BackendError.malformedResponse(
                        endpoint: endpoint, replica: replica,
                        detail: "the retried stream ended before the text already delivered (choice \(delta.choiceIndex))")
                }
                fresh.text = String(decoding: delta.text.utf8.dropFirst(overlap), as: UTF8.self)
                // Log probabilities belong to the whole piece; a piece cut in two keeps none.
                if overlap > 0 { fresh.logprobs = nil }
            }
            if fresh.finishReason != nil {
                if finished { fresh.finishReason = nil } else { finished = true }
            }
            delivered += fresh.text
            return fresh.text.isEmpty && fresh.finishReason == nil ? nil : fresh
        }
    }

    private let choices = Mutex<[Choice]>([])

    /// One attempt's progress through the delivered text.
    final class Attempt: Sendable {
        private let replay: StreamReplay
        /// Per choice, the UTF-8 bytes of this attempt's text so far.
        private let consumed = Mutex<[Int]>([])

        fileprivate init(_ replay: StreamReplay) { self.replay = replay }

        /// The part of `delta` the caller has not seen yet (nil: nothing new). Throws when the attempt's
        /// text departs from what was delivered.
        func admit(_ delta: StreamDelta, endpoint: String, replica: String) throws -> StreamDelta? {
            let index = delta.choiceIndex
            let start = consumed.withLock { consumed in
                while consumed.count <= index { consumed.append(0) }
                defer { consumed[index] += delta.text.utf8.count }
                return consumed[index]
            }
            return try replay.choices.withLock { choices -> StreamDelta? in
                while choices.count <= index { choices.append(Choice()) }
                // In place: a copy of the choice would copy its whole delivered text on every piece.
                return try choices[index].admit(delta, from: start, endpoint: endpoint, replica: replica)
            }
        }

        /// Checks, once the attempt's stream has ended, that it repeated all of the delivered text.
        func finish(endpoint: String, replica: String) throws {
            let consumed = consumed.withLock { $0 }
            let short = replay.choices.withLock { choices in
                choices.indices.first { index in
                    choices[index].delivered.utf8.count > (index < consumed.count ? consumed[index] : 0)
                }
            }
            if let short {
                throw BackendError.malformedResponse(
                    endpoint: endpoint, replica: replica,
                    detail: "the retried stream ended before the text already delivered (choice \(short))")
            }
        }
    }

    /// Starts an attempt: its pieces are read from the beginning of the text.
    func attempt() -> Attempt { Attempt(self) }
}
