import PonderCore
import NIOCore
import NIOFoundationCompat
import Synchronization

import class FoundationEssentials.JSONDecoder
import class FoundationEssentials.JSONEncoder

/// Talks the OpenAI API (and the scoring API) to one configured endpoint.
///
/// Each call costs one JSON encode, one pooled HTTP request per attempt, and one decode. Calls go
/// through the endpoint's `EndpointPool`, so they are routed, limited and retried there. An `n` larger
/// than the endpoint accepts is split into several requests, learned once and remembered (see
/// `ChoiceSplitter`), without failing the caller. On a server whose usage counts one choice only
/// (llama.cpp), every choice is its own request once that is known, so usage stays exact.
public final class EndpointClient: Sendable {
    public let pool: EndpointPool
    let splitter: ChoiceSplitter
    /// Learned: the server reports usage for one choice only (llama.cpp's `timings` gives it away).
    let usageCoversOneChoice: Atomic<Bool>
    let learnedServerKind = ServerKindMemo()
    let renderedPrompts = RenderedPromptCache()
    let postTargets: PostTargets
    /// The endpoint's prices, kept apart from `configuration` (a copy of which costs a dozen retains)
    /// because every metered call reads them.
    public let tokenCost: TokenCost

    public init(configuration: EndpointConfiguration, transport: HTTPTransport = .shared) {
        self.pool = EndpointPool(configuration: configuration, transport: transport)
        self.tokenCost = configuration.cost
        self.postTargets = PostTargets(replicas: configuration.replicas, apiKey: configuration.apiKey, transport: transport)
        self.splitter = ChoiceSplitter(configuredMaxN: configuration.capabilities.maxN)
        let capabilities = configuration.capabilities
        self.usageCoversOneChoice = Atomic(
            capabilities.usageCoversAllChoices == false
                || (capabilities.usageCoversAllChoices == nil && capabilities.server == .llamaCpp))
    }

    public var configuration: EndpointConfiguration { pool.configuration }
    public var name: String { configuration.name }

    /// The largest `n` learned or configured, nil while unknown.
    public var maxN: Int? { splitter.cap }

    // MARK: Chat

    /// `POST /v1/chat/completions`, non-streaming.
    public func chat(
        _ messages: [ChatMessage], sampling: SamplingParameters = .init(), continueFinalMessage: Bool = false,
        deadline: NIODeadline? = nil
    ) async throws -> Generation {
        let key = AffinityKey.of(messages)
        let n = sampling.n ?? 1
        // Only a request for several choices can be split (and only then is the closure made).
        let sendEach =
            n > 1
            ? self.sendEach(
                ChatCompletionResponse.self, route: .chat, affinityKey: key, deadline: deadline,
                body: { self.chatBody(messages, sampling: sampling, n: 1, seed: $0, continueFinalMessage: continueFinalMessage) },
                convert: chatGeneration) : nil
        return try await splitter.generate(n: n, seed: sampling.seed, partLimit: exactUsagePartLimit, sendEach: sendEach) { n, seed in
            let body = self.chatBody(messages, sampling: sampling, n: n, seed: seed, continueFinalMessage: continueFinalMessage)
            return try await self.post(
                ChatCompletionResponse.self, route: .chat, body: body, affinityKey: key, deadline: deadline, convert: self.chatGeneration)
        }
    }

    /// A chat response as a generation.
    @Sendable
    func chatGeneration(_ response: ChatCompletionResponse) -> Generation {
        generation(
            from: response.choices.map {
                GeneratedText(text: $0.message.content, finishReason: $0.finishReason, logprobs: $0.logprobs?.tokens)
            },
            usage: response.usage, fromLlamaCpp: response.timings != nil)
    }

    /// The body of one part of a chat call; built apart so that the request, which is large, is not
    /// kept in the async frame of the call.
    @inline(never)
    private func chatBody(
        _ messages: [ChatMessage], sampling: SamplingParameters, n: Int, seed: UInt64?, continueFinalMessage: Bool
    ) -> [UInt8] {
        var parameters = sampling
        parameters.n = n == 1 && sampling.n == nil ? nil : n
        parameters.seed = seed
        var request = ChatCompletionRequest(model: configuration.model, messages: messages, sampling: parameters)
        if continueFinalMessage {
            request.continueFinalMessage = true
            request.addGenerationPrompt = false
        }
        return RequestBodies.chat(request)
    }

    // MARK: Text completions

    /// `POST /v1/completions` with a raw prompt, non-streaming.
    public func complete(
        prompt: String, sampling: SamplingParameters = .init(), deadline: NIODeadline? = nil
    ) async throws -> Generation {
        let key = AffinityKey.of(prompt)
        let n = sampling.n ?? 1
        let sendEach =
            n > 1
            ? self.sendEach(
                CompletionResponse.self, route: .completions, affinityKey: key, deadline: deadline,
                body: { self.completionBody(prompt, sampling: sampling, n: 1, seed: $0) }, convert: completionGeneration) : nil
        return try await splitter.generate(n: n, seed: sampling.seed, partLimit: exactUsagePartLimit, sendEach: sendEach) { n, seed in
            let body = self.completionBody(prompt, sampling: sampling, n: n, seed: seed)
            return try await self.post(
                CompletionResponse.self, route: .completions, body: body, affinityKey: key, deadline: deadline,
                convert: self.completionGeneration)
        }
    }

    /// The body of one part of a text completion call.
    @inline(never)
    private func completionBody(_ prompt: String, sampling: SamplingParameters, n: Int, seed: UInt64?) -> [UInt8] {
        var parameters = sampling
        parameters.n = n == 1 && sampling.n == nil ? nil : n
        parameters.seed = seed
        return RequestBodies.completion(CompletionRequest(model: configuration.model, prompt: prompt, sampling: parameters))
    }

    /// A text completion response as a generation.
    @Sendable
    func completionGeneration(_ response: CompletionResponse) -> Generation {
        generation(
            from: response.choices.map { GeneratedText(text: $0.text, finishReason: $0.finishReason, logprobs: $0.logprobs?.tokens) },
            usage: response.usage, fromLlamaCpp: response.timings != nil)
    }

    // MARK: Streaming

    /// Streams a chat completion: `onDelta` sees each piece as it arrives; the assembled result and the
    /// usage from the final chunk are returned. A failure is retried like any call, before the first piece
    /// or after it: a retry resends the same request (seed included) and `onDelta` sees only what follows
    /// the pieces it has already seen, once the retry has repeated those exactly (see `StreamReplay`); a
    /// retry that says something else fails too, and when retries run out the error surfaces.
    public func streamChat(
        _ messages: [ChatMessage], sampling: SamplingParameters = .init(), continueFinalMessage: Bool = false,
        onDelta: @escaping @Sendable (StreamDelta) async throws -> Void
    ) async throws -> Generation {
        var request = ChatCompletionRequest(model: configuration.model, messages: messages, sampling: sampling, stream: true)
        if continueFinalMessage {
            request.continueFinalMessage = true
            request.addGenerationPrompt = false
        }
        return try await stream(path: "/chat/completions", body: RequestBodies.chat(request), affinityKey: AffinityKey.of(messages), onDelta: onDelta)
    }

    /// Streams a text completion; see `streamChat`.
    public func streamComplete(
        prompt: String, sampling: SamplingParameters = .init(),
        onDelta: @escaping @Sendable (StreamDelta) async throws -> Void
    ) async throws -> Generation {
        let request = CompletionRequest(model: configuration.model, prompt: prompt, sampling: sampling, stream: true)
        return try await stream(path: "/completions", body: RequestBodies.completion(request), affinityKey: AffinityKey.of(prompt), onDelta: onDelta)
    }

    // MARK: Scoring

    /// `POST /v1/score`: one process-reward score per step.
    public func scoreSteps(question: String, steps: [String], deadline: NIODeadline? = nil) async throws -> [Double] {
        let body = try Self.encode(ScoreRequest(model: configuration.model, question: question, steps: steps))
        let response = try await post(ScoreResponse.self, route: .score, body: body, affinityKey: AffinityKey.of(question), deadline: deadline)
        guard response.scores.count == steps.count else {
            throw BackendError.malformedResponse(
                endpoint: name, replica: configuration.replicas[0],
                detail: "expected \(steps.count) step scores, got \(response.scores.count)")
        }
        return response.scores
    }

    /// `POST /v1/qvalue`: one value per candidate next step.
    public func qValues(question: String, steps: [String], candidates: [String], deadline: NIODeadline? = nil) async throws -> [Double] {
        let body = try Self.encode(QValueRequest(model: configuration.model, question: question, steps: steps, candidates: candidates))
        let response = try await post(QValueResponse.self, route: .qvalue, body: body, affinityKey: AffinityKey.of(question), deadline: deadline)
        guard response.values.count == candidates.count else {
            throw BackendError.malformedResponse(
                endpoint: name, replica: configuration.replicas[0],
                detail: "expected \(candidates.count) values, got \(response.values.count)")
        }
        return response.values
    }

    /// `GET /v1/models` of the first healthy replica.
    public func models() async throws -> ModelList {
        try await pool.execute { replica in
            try await self.pool.transport.getJSON(
                ModelList.self, url: replica.baseURL + "/models", apiKey: self.configuration.apiKey,
                timeouts: self.configuration.timeouts, target: .init(endpoint: self.name, replica: replica.baseURL))
        }
    }

    /// POSTs an encodable body to a path of the server root (`/tokenize`, `/pooling` on vLLM live
    /// beside `/v1`, not under it) and decodes the JSON answer.
    func postToRoot<Body: Encodable, Response: Decodable & Sendable>(
        _ type: Response.Type, path: String, body: Body, deadline: NIODeadline? = nil
    ) async throws -> Response {
        let bytes = try Self.encode(body)
        return try await pool.execute(deadline: deadline) { replica in
            let root = replica.baseURL.hasSuffix("/v1") ? String(replica.baseURL.dropLast(3)) : replica.baseURL
            return try await self.pool.transport.postJSON(
                type, url: root + path, body: ByteBuffer(bytes: bytes), apiKey: self.configuration.apiKey,
                timeouts: self.configuration.timeouts, target: .init(endpoint: self.name, replica: replica.baseURL))
        }
    }

    // MARK: Plumbing

    private func post<Response: Decodable & Sendable>(
        _ type: Response.Type, route: PostRoute, body: [UInt8], affinityKey: UInt64?, deadline: NIODeadline?
    ) async throws -> Response {
        try await post(type, route: route, body: body, affinityKey: affinityKey, deadline: deadline) { $0 }
    }

    /// `convert` runs inside the attempt, so what passes back through the pool's retry loop is the small
    /// result rather than the whole decoded response: every async frame that holds it stays small.
    /// `after`: attempts already made (a call of `postEach` whose first attempt failed).
    func post<Response: Decodable & Sendable, Output: Sendable>(
        _ type: Response.Type, route: PostRoute, body: [UInt8], affinityKey: UInt64?, deadline: NIODeadline?,
        after earlier: EndpointPool.RetryState? = nil, convert: @Sendable (Response) -> Output
    ) async throws -> Output {
        try await pool.execute(affinityKey: affinityKey, deadline: deadline, after: earlier) { replica in
            let response = try await self.pool.transport.postJSON(
                type, to: self.postTargets[route, replica: replica.index], body: body, apiKey: self.configuration.apiKey,
                timeouts: self.configuration.timeouts, target: .init(endpoint: self.name, replica: replica.baseURL))
            return convert(response)
        }
    }

    private func stream(
        path: String, body: [UInt8], affinityKey: UInt64?, onDelta: @escaping @Sendable (StreamDelta) async throws -> Void
    ) async throws -> Generation {
        let replay = StreamReplay()
        return try await pool.execute(affinityKey: affinityKey) { replica in
            let assembler = StreamAssembler()
            let attempt = replay.attempt()
            try await self.pool.transport.postStream(
                url: replica.baseURL + path, body: ByteBuffer(bytes: body), apiKey: self.configuration.apiKey,
                timeouts: self.configuration.timeouts, target: .init(endpoint: self.name, replica: replica.baseURL)
            ) { data in
                if data.readableBytes == 6, data.getString(at: data.readerIndex, length: 6) == "[DONE]" {
                    assembler.markDone()
                    return
                }
                let chunk: StreamChunk
                do {
                    chunk = try HTTPTransport.decoder.decode(StreamChunk.self, from: data)
                } catch {
                    throw BackendError.malformedResponse(
                        endpoint: self.name, replica: replica.baseURL, detail: HTTPTransport.describe(error, body: data))
                }
                for delta in assembler.add(chunk) {
                    if let fresh = try attempt.admit(delta, endpoint: self.name, replica: replica.baseURL) { try await onDelta(fresh) }
                }
            }
            guard assembler.isComplete else {
                throw BackendError.malformedResponse(
                    endpoint: self.name, replica: replica.baseURL,
                    detail: "the stream ended without its end (no choice finished and no [DONE])")
            }
            try attempt.finish(endpoint: self.name, replica: replica.baseURL)
            let (choices, usage, fromLlamaCpp) = assembler.result()
            return self.generation(from: choices, usage: usage, fromLlamaCpp: fromLlamaCpp)
        }
    }

    /// Converts a response's usage, saying honestly how many choices it does not cover.
    func generation(from choices: [GeneratedText], usage body: UsageBody?, fromLlamaCpp: Bool) -> Generation {
        if fromLlamaCpp { learnItIsLlamaCpp() }
        var usage = Usage(
            promptTokens: body?.promptTokens ?? 0, completionTokens: body?.completionTokens ?? 0,
            cachedPromptTokens: body?.cachedTokens ?? 0, calls: 1)
        if body == nil {
            usage.uncountedChoices = choices.count
        } else if usageCoversOneChoice.load(ordering: .relaxed) && choices.count > 1 {
            usage.uncountedChoices = choices.count - 1
        }
        return Generation(choices: choices, usage: usage)
    }

    /// llama.cpp gave itself away (`timings`, or `owned_by` in its model list): its usage counts one choice.
    func learnItIsLlamaCpp() {
        if configuration.capabilities.usageCoversAllChoices == nil { usageCoversOneChoice.store(true, ordering: .relaxed) }
        if learnedServerKind.value == nil { learnedServerKind.learn(.llamaCpp) }
    }

    /// One choice per request where the server's usage would count only one of several.
    private var exactUsagePartLimit: Int? {
        usageCoversOneChoice.load(ordering: .relaxed) ? 1 : nil
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }
}
