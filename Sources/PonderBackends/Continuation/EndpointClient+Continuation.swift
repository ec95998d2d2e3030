import PonderCore

/// Recognising the server and continuing partial answers from their exact bytes.
extension EndpointClient {
    /// The server software: configured, else recognised once from `GET /v1/models` (or from a
    /// response only llama.cpp sends) and remembered. A server that cannot be asked (down, refusing)
    /// counts as a plain OpenAI-compatible one meanwhile and is asked again after a pause; one that
    /// answers without saying what it is is remembered as such.
    public func serverKind() async -> ServerKind {
        if let configured = configuration.capabilities.server { return configured }
        if let learned = learnedServerKind.value { return learned }
        guard learnedServerKind.mayAsk else { return .openAICompatible }
        do {
            let kind = ServerKind.recognise(try await models())
            if kind == .llamaCpp { learnItIsLlamaCpp() } else { learnedServerKind.learn(kind) }
            return kind
        } catch let error as BackendError where error.saysServerLacksModelList {
            learnedServerKind.learn(.openAICompatible)
            return .openAICompatible
        } catch {
            learnedServerKind.couldNotAsk()
            return .openAICompatible
        }
    }

    /// How this endpoint continues a partial answer: configured, else the one suited to the server.
    public func prefixContinuation() async -> PrefixContinuation {
        if let configured = configuration.capabilities.continuation { return configured }
        return .suited(to: await serverKind())
    }

    /// The prompt text a conversation becomes under `continuation`, ending where the assistant's
    /// answer begins: append a partial answer to it and continue through `complete(prompt:)`.
    /// The same conversation always renders to the same bytes (cached per conversation), so every
    /// expansion of a search path sends an identical prefix.
    public func renderedPrompt(_ messages: [ChatMessage], continuation: PrefixContinuation) async throws -> String {
        switch continuation {
        case .continueFinalMessage:
            throw BackendError.malformedResponse(
                endpoint: name, replica: configuration.replicas[0],
                detail: "continue_final_message continues through the chat API; there is no prompt text to render")
        case .template(let template):
            return try template.render(messages)
        case .serverTemplate:
            if let cached = renderedPrompts.prompt(for: messages) { return cached }
            let rendered = try await postToRoot(
                AppliedTemplate.self, path: "/apply-template", body: TemplateRequest(messages: messages))
            renderedPrompts.store(rendered.prompt, for: messages)
            return rendered.prompt
        }
    }

    /// Sampling adapted to the server's quirks. llama.cpp applies `top_k=40, min_p=0.05` to requests that
    /// leave them out, which would quietly narrow every sample, so Ponder asks for them off unless set;
    /// and its `/v1/completions` returns no log probabilities for `logprobs: 0`, so at least one
    /// alternative is asked for when log probabilities are wanted.
    public func adaptedSampling(_ sampling: SamplingParameters) async -> SamplingParameters {
        guard await serverKind() == .llamaCpp else { return sampling }
        var adapted = sampling
        adapted.topK = adapted.topK ?? 0
        adapted.minP = adapted.minP ?? 0
        if adapted.logprobs { adapted.topLogprobs = max(1, adapted.topLogprobs ?? 1) }
        return adapted
    }
}

extension BackendError {
    /// A 4xx answer or an unreadable body: the server is up but keeps no model list Ponder can read.
    var saysServerLacksModelList: Bool {
        switch self {
        case .http(_, _, let status, _, _): (400..<500).contains(status)
        case .malformedResponse: true
        default: false
        }
    }
}

/// `POST /apply-template` (llama.cpp): the conversation to render.
struct TemplateRequest: Encodable {
    var messages: [ChatMessage]
}

/// Its answer: the conversation as prompt text, with the generation prompt.
struct AppliedTemplate: Decodable, Sendable {
    var prompt: String
}
