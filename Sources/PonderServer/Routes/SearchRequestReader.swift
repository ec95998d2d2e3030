import Hummingbird
import PonderCore

/// Reads a completion request's body into what the search needs: decoded (nesting checked first),
/// checked against the `RequestLimits`, and routed to a preset (see `RouteResolver`). Both completion
/// routes and `RequestScreen` read bodies through it, so what tests and fuzzing see refused is what
/// the daemon refuses.
struct SearchRequestReader: Sendable {
    let limits: RequestLimits
    let resolver: RouteResolver

    /// A `POST /v1/chat/completions` body. The last user message is the question scorers see.
    func chat(_ body: ByteBuffer) throws(APIError) -> SearchRequest {
        // The plain body (no extras) skips `JSONDecoder` when the fast reader is sure of the value.
        let decoded = try RequestDecoding.decode(
            WithExtras<ChatCompletionRequest>.self, from: body, maxNestingDepth: limits.maxNestingDepth,
            fast: { ChatCompletionRequest.fastDecode($0).map { WithExtras(request: $0, extras: RequestExtras()) } })
        let request = decoded.request
        try limits.check(request)
        let question = request.messages.last { $0.role == "user" }?.content ?? ""
        return try read(
            problem: Problem(question: question, messages: request.messages), model: request.model,
            sampling: request.sampling, stream: request.stream == true,
            includeUsage: request.streamOptions?.includeUsage == true, extras: decoded.extras)
    }

    /// A `POST /v1/completions` body. The prompt is also the question scorers see.
    func completion(_ body: ByteBuffer) throws(APIError) -> SearchRequest {
        let decoded = try RequestDecoding.decode(
            WithExtras<CompletionRequest>.self, from: body, maxNestingDepth: limits.maxNestingDepth)
        let request = decoded.request
        try limits.check(request)
        return try read(
            problem: Problem(question: request.prompt, rawPrompt: request.prompt), model: request.model,
            sampling: request.sampling, stream: request.stream == true,
            includeUsage: request.streamOptions?.includeUsage == true, extras: decoded.extras)
    }

    /// The parts both routes read the same way: the strategy, the budget, the seed and the sampling
    /// controls the search honours.
    private func read(
        problem: Problem, model: String, sampling requested: SamplingParameters, stream: Bool, includeUsage: Bool,
        extras: RequestExtras
    ) throws(APIError) -> SearchRequest {
        // A stream carries one answer; several distinct ranked choices come back whole.
        if stream, let n = requested.n, n > 1 {
            throw APIError.invalid("'n' above 1 is not streamed: ask for n choices with 'stream' false", param: "n")
        }
        let budget = try limits.check(extras)
        let preset = try resolver.preset(model: model, strategy: extras.ponder?.strategy, optillmApproach: extras.optillmApproach)
        // The client's sampling is every call's base. `single` makes its one call with it, temperature and
        // stops included; a search sets each call's temperature and stops as its method needs, and keeps
        // the client's top_p, top_k and min_p. The client's max_tokens caps every call.
        var sampling = SamplingParameters()
        sampling.maxTokens = requested.maxTokens
        sampling.temperature = requested.temperature
        sampling.topP = requested.topP
        sampling.topK = requested.topK
        sampling.minP = requested.minP
        sampling.stop = requested.stop
        return SearchRequest(
            problem: problem, model: model, preset: preset, budget: budget,
            seed: extras.ponder?.seed ?? requested.seed ?? 0, sampling: sampling, n: requested.n ?? 1, stream: stream,
            includeUsage: includeUsage)
    }
}
