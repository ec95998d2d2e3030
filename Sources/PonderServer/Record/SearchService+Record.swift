import PonderCore

import struct FoundationEssentials.Date

/// What the completion routes hand the `--record` writer once a request is answered.
extension SearchService {
    /// Hands the answered request to the recorder, if there is one, and returns at once: the row is
    /// encoded, redacted and written by the recorder's own task.
    func record(
        _ request: SearchRequest, format: StreamFormat, context: PonderRequestContext, choices: [AnsweredRequest.Choice],
        usage: Usage, cutShort: StopReason?, trace: SearchTrace?
    ) {
        guard let recorder, let first = choices.first else { return }
        let elapsed = ContinuousClock.now - context.receivedAt
        recorder.record(
            AnsweredRequest(
                finishedAt: Date(), requestID: context.requestID,
                route: format == .chat ? "/v1/chat/completions" : "/v1/completions", stream: request.stream,
                strategy: request.preset, model: request.model, client: context.client?.name,
                prompt: request.problem.rawPrompt.map { .text($0) } ?? .messages(request.problem.messages),
                answer: first.text, finishReason: first.finishReason, otherChoices: Array(choices.dropFirst()), cutShort: cutShort,
                usage: usage,
                latencyMilliseconds: elapsed.inMilliseconds,
                trace: trace))
    }
}
