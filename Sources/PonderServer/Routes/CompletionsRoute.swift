import Hummingbird
import PonderCore
import PonderEngine

import struct FoundationEssentials.Data

/// `POST /v1/completions`: a raw text prompt, continued by the policy model as text (no chat
/// template) under a search strategy. The prompt is also the question scorers see.
struct CompletionsRoute: Sendable {
    let service: SearchService
    let resolver: RouteResolver

    func respond(to body: ByteBuffer, context: PonderRequestContext) async throws(APIError) -> Response {
        let data = Data(buffer: body)
        let decoded = try RequestDecoding.decode(WithExtras<CompletionRequest>.self, from: data)
        let (request, extras) = (decoded.request, decoded.extras)
        guard !request.prompt.isEmpty else { throw APIError.invalid("'prompt' must not be empty", param: "prompt") }
        try SamplingValidation.validate(n: request.n, temperature: request.temperature, maxTokens: request.maxTokens)
        let search = try SearchRequestReader.read(
            problem: Problem(question: request.prompt, rawPrompt: request.prompt), model: request.model,
            sampling: request.sampling, n: request.n, stream: request.stream == true,
            includeUsage: request.streamOptions?.includeUsage == true, extras: extras, resolver: resolver)
        return try await service.answer(search, format: .text, context: context) { solution, candidates in
            JSONBody.response(
                ProxyCompletionResponse(
                    id: "cmpl-\(context.requestID)", created: 0, model: search.model,
                    choices: candidates.enumerated().map { index, candidate in
                        CompletionResponse.Choice(index: index, text: candidate.text, finishReason: candidate.isComplete ? "stop" : "length")
                    },
                    usage: UsageBody(solution.usage),
                    ponder: ProxySearchDetails(solution: solution, engine: service.engine, preset: search.preset, traceID: context.requestID)))
        }
    }
}
