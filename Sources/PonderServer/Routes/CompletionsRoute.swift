import Hummingbird
import PonderCore
import PonderEngine

/// `POST /v1/completions`: a raw text prompt, continued by the policy model as text (no chat
/// template) under a search strategy. The prompt is also the question scorers see.
struct CompletionsRoute: Sendable {
    let service: SearchService
    let reader: SearchRequestReader

    func respond(to body: ByteBuffer, context: PonderRequestContext) async throws(APIError) -> DaemonResponse {
        let search = try reader.completion(body)
        return try await service.answer(search, format: .text, context: context) { solution, candidates in
            JSONBody.response(
                writing: ProxyCompletionResponse(
                    id: "cmpl-\(context.requestID)", created: ResponseTimestamp.now(), model: search.model,
                    choices: candidates.enumerated().map { index, candidate in
                        CompletionResponse.Choice(index: index, text: candidate.text, finishReason: candidate.isComplete ? "stop" : "length")
                    },
                    usage: UsageBody(solution.usage),
                    ponder: ProxySearchDetails(solution: solution, presets: service.presets, preset: search.preset, traceID: context.requestID)))
        }
    }
}
