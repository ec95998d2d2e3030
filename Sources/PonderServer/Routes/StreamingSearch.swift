import HTTPTypes
import Hummingbird
import PonderBackends
import PonderCore
import PonderEngine
import PonderStrategies


/// `stream: true` on either completion route, as server-sent events.
///
/// `single` passes the model's tokens through as they arrive. A search streams a progress chunk (a
/// `ponder` object, empty delta or text) after every backend call, then the chosen answer, then — with
/// `stream_options.include_usage` — a usage chunk, then `[DONE]`. A client that disconnects cancels the
/// search: writing to it fails, the search task is cancelled and makes no further backend calls. The
/// request's search slot is held until the search ends.
struct StreamingSearch: Sendable {
    let service: SearchService
    let request: SearchRequest
    let format: StreamFormat
    let context: PonderRequestContext

    private enum Event: Sendable {
        case progress(SearchProgress)
        case piece(String)
        case finished(Usage, StopReason?, finishReason: String, allocation: AllocationRecord? = nil)
        case failed(APIError)
        /// An SSE comment sent while nothing else is: a client that has gone is noticed within one
        /// interval (the write fails) rather than after the next backend call.
        case heartbeat
    }

    static let heartbeatInterval = Duration.milliseconds(250)

    /// Starts the search and waits for its first event before the response's status is chosen: a
    /// search that fails before it has anything to send (its upstream down, a budget that allows no
    /// call) is answered with its error's status (502, 504, 400), not a 200 whose stream carries the
    /// error. Once the first token or progress chunk is there, the stream's head goes out with it.
    func start() async -> DaemonResponse {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let work = Task { await produce(continuation) }
        // Progress before any call has been answered (a failed call reports its settlement) says nothing yet.
        let first: Event? = await withTaskCancellationHandler { () async -> Event? in
            var iterator = events.makeAsyncIterator()
            while let event = await iterator.next() {
                if case .progress(let state) = event, state.usage.calls == 0 { continue }
                return event
            }
            return nil
        } onCancel: {
            work.cancel()
        }
        switch first {
        case .failed(let error):
            return service.redactor.redact(error).response
        case nil:
            // The search ended with nothing to say: its client went away (or was cut off) meanwhile.
            return SearchService.apiError(for: CancellationError()).response
        case let first?:
            return DaemonResponse(
                status: .ok, contentType: "text/event-stream", fields: [HTTPField(name: .cacheControl, value: "no-cache")],
                body: .stream(ResponseBody { writer in
                    try await stream(first: first, then: events, continuation: continuation, work: work, into: &writer)
                }))
        }
    }

    @concurrent private func stream(
        first: Event, then events: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation, work: Task<Void, Never>,
        into writer: inout any ResponseBodyWriter
    ) async throws {
        let id = format.idPrefix + context.requestID
        let created = ResponseTimestamp.now()
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.heartbeatInterval)
                continuation.yield(.heartbeat)
            }
        }
        defer {
            heartbeat.cancel()
            work.cancel()
        }
        if format == .chat { try await writer.write(format.chunk(id: id, created: created, model: request.model, role: "assistant", text: "").event) }
        var pending: Event? = first
        var iterator = events.makeAsyncIterator()
        while true {
            let next: Event? = if let event = pending { event } else { await iterator.next() }
            pending = nil
            guard let event = next else { break }
            switch event {
            case .progress(let state):
                var progress = format.chunk(id: id, created: created, model: request.model, text: nil)
                progress.ponder = .init(
                    strategy: request.preset, calls: state.usage.calls, promptTokens: state.usage.promptTokens,
                    completionTokens: state.usage.completionTokens, step: state.depth, nodesExpanded: state.nodesExpanded,
                    bestScore: state.bestScore)
                try await writer.write(progress.event)
            case .piece(let text):
                // A key split across two pieces gets through; one within a piece does not.
                let text = service.redactor.redact(text)
                try await writer.write(format.chunk(id: id, created: created, model: request.model, text: text).event)
            case .finished(let usage, let cutShort, let finishReason, let allocation):
                var last = format.chunk(id: id, created: created, model: request.model, text: nil, finishReason: finishReason)
                last.ponder = .init(
                    strategy: request.preset, calls: usage.calls, promptTokens: usage.promptTokens,
                    completionTokens: usage.completionTokens, cutShort: cutShort, traceID: context.requestID,
                    allocation: allocation)
                try await writer.write(last.event)
                if request.includeUsage {
                    var usageChunk = format.chunk(id: id, created: created, model: request.model, text: nil)
                    usageChunk.choices = []
                    usageChunk.usage = UsageBody(usage)
                    try await writer.write(usageChunk.event)
                }
            case .failed(let error):
                try await writer.write(ByteBuffer(string: "data: \(service.redactor.redact(error).bodyJSON)\n\n"))
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": ping\n\n"))
            }
        }
        try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
        try await writer.finish(nil)
    }

    private func produce(_ continuation: AsyncStream<Event>.Continuation) async {
        defer {
            service.release()
            continuation.finish()
        }
        do {
            if let single = service.engine.singleSample(preset: request.preset) {
                try await passThrough(single, continuation)
                return
            }
            let solution = try await service.solve(request, context: context) { progress in continuation.yield(.progress(progress)) }
            guard let best = solution.candidates.first else {
                continuation.yield(.failed(DistinctCandidates.noAnswer(solution)))
                return
            }
            for (index, paragraph) in best.text.split(separator: "\n\n", omittingEmptySubsequences: false).enumerated() {
                continuation.yield(.piece((index == 0 ? "" : "\n\n") + paragraph))
            }
            let finishReason = best.isComplete ? "stop" : "length"
            service.record(
                request, format: format, context: context, choices: [.init(text: best.text, finishReason: finishReason)],
                usage: solution.usage, cutShort: solution.cutShort, trace: solution.trace)
            continuation.yield(.finished(solution.usage, solution.cutShort, finishReason: finishReason, allocation: solution.allocation))
        } catch let error as APIError {
            if error.status.code != 499 { continuation.yield(.failed(error)) }
        } catch is CancellationError {
            return
        } catch let error as BackendError {
            context.notes.failure = error.description
            continuation.yield(.failed(SearchService.describe(error)))
        } catch {
            continuation.yield(.failed(.upstream("\(error)")))
        }
    }

    /// `single`: one streamed backend call, its tokens forwarded as they arrive. The call is the one the
    /// strategy makes when the answer is not streamed: the same sampling (the preset's temperature and
    /// token limit under the client's, the same seed) and admitted by the request's budget the same way.
    private func passThrough(_ single: SingleSample, _ continuation: AsyncStream<Event>.Continuation) async throws {
        let policy = try service.engine.endpoints.client(for: .policy)
        var parameters = request.sampling.forCall(
            0, seed: request.seed, temperature: single.temperature(under: request.sampling), maxTokens: single.maxTokens)
        // The budget admits the one call as a search's meter would (it may lower the call's token limit,
        // or refuse it); nothing reads a meter after the call, so none is kept.
        let admission: BudgetMeter.Admission
        do {
            admission = try BudgetMeter(budget: request.budget).admit(
                samples: 1, maxTokens: parameters.maxTokens ?? single.maxTokens, promptTokens: request.problem.promptTokenEstimate())
        } catch let reason as StopReason {
            throw APIError.budgetAllowsNoCall(reason)
        }
        parameters.maxTokens = admission.maxTokens
        let forward: @Sendable (StreamDelta) async throws -> Void = { delta in
            if !delta.text.isEmpty { continuation.yield(.piece(delta.text)) }
        }
        let generation =
            if let prompt = request.problem.rawPrompt {
                try await policy.streamComplete(prompt: prompt, sampling: parameters, onDelta: forward)
            } else {
                try await policy.streamChat(request.problem.messages, sampling: parameters, onDelta: forward)
            }
        service.finished(request, usage: generation.usage, cutShort: nil, trace: nil, context: context)
        let finishReason = generation.choices.first?.finishReason ?? "stop"
        service.record(
            request, format: format, context: context,
            choices: [.init(text: generation.choices.first?.text ?? "", finishReason: finishReason)], usage: generation.usage,
            cutShort: nil, trace: nil)
        continuation.yield(.finished(generation.usage, nil, finishReason: finishReason))
    }

}
