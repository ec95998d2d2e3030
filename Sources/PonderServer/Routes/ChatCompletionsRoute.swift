import Hummingbird
import PonderCore
import PonderEngine

import struct FoundationEssentials.Data

/// `POST /v1/chat/completions`: the client's conversation, answered by a search strategy.
///
/// The client's messages are the prompt as they are; the last user message is the question scorers
/// see. `seed` seeds the search; `n > 1` returns the top `n` distinct candidates, ranked. Usage is
/// the total of every backend call the search made.
struct ChatCompletionsRoute: Sendable {
    let service: SearchService
    let resolver: RouteResolver

    func respond(to body: ByteBuffer, context: PonderRequestContext) async throws(APIError) -> Response {
        let data = Data(buffer: body)
        let decoded = try RequestDecoding.decode(WithExtras<ChatCompletionRequest>.self, from: data)
        let (request, extras) = (decoded.request, decoded.extras)
        try Self.validate(request)
        let question = request.messages.last { $0.role == "user" }?.content ?? ""
        let search = try SearchRequestReader.read(
            problem: Problem(question: question, messages: request.messages), model: request.model,
            sampling: request.sampling, n: request.n, stream: request.stream == true,
            includeUsage: request.streamOptions?.includeUsage == true, extras: extras, resolver: resolver)
        return try await service.answer(search, format: .chat, context: context) { solution, candidates in
            JSONBody.response(
                ProxyChatResponse(
                    id: "chatcmpl-\(context.requestID)", created: 0, model: search.model,
                    choices: candidates.enumerated().map { index, candidate in
                        ChatCompletionResponse.Choice(
                            index: index, message: .assistant(candidate.text), finishReason: candidate.isComplete ? "stop" : "length")
                    },
                    usage: UsageBody(solution.usage),
                    ponder: ProxySearchDetails(solution: solution, engine: service.engine, preset: search.preset, traceID: context.requestID)))
        }
    }

    static func validate(_ request: ChatCompletionRequest) throws(APIError) {
        guard !request.messages.isEmpty else { throw APIError.invalid("'messages' must not be empty", param: "messages") }
        guard request.messages.count <= 1000 else { throw APIError.invalid("at most 1000 messages", param: "messages") }
        try SamplingValidation.validate(n: request.n, temperature: request.temperature, maxTokens: request.maxTokens)
    }
}
