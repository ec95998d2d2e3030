import Hummingbird
import PonderCore
import PonderEngine

/// `POST /v1/chat/completions`: the client's conversation, answered by a search strategy.
///
/// The client's messages are the prompt as they are; the last user message is the question scorers
/// see. `seed` seeds the search; `n > 1` returns the top `n` distinct candidates, ranked. Usage is
/// the total of every backend call the search made.
struct ChatCompletionsRoute: Sendable {
    let service: SearchService
    let reader: SearchRequestReader

    func respond(to body: ByteBuffer, context: PonderRequestContext) async throws(APIError) -> DaemonResponse {
        let search = try reader.chat(body)
        return try await service.answer(search, format: .chat, context: context) { solution, candidates in
            JSONBody.response(
                writing: ProxyChatResponse(
                    id: "chatcmpl-\(context.requestID)", created: ResponseTimestamp.now(), model: search.model,
                    choices: candidates.enumerated().map { index, candidate in
                        ChatCompletionResponse.Choice(
                            index: index, message: .assistant(candidate.text), finishReason: candidate.isComplete ? "stop" : "length")
                    },
                    usage: UsageBody(solution.usage),
                    ponder: ProxySearchDetails(solution: solution, presets: service.presets, preset: search.preset, traceID: context.requestID)))
        }
    }
}
