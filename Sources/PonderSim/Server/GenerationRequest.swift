import Hummingbird
import NIOCore
import PonderCore

/// The two generation endpoints and what differs between them on the wire.
enum GenerationEndpoint: Sendable {
    case chat, completion

    var path: String { self == .chat ? "/v1/chat/completions" : "/v1/completions" }
    var idPrefix: String { self == .chat ? "chatcmpl-" : "cmpl-" }
    var chunkObject: String { self == .chat ? "chat.completion.chunk" : "text_completion" }
}

/// A chat or text completion request, decoded, checked and read into the sim's terms.
struct GenerationRequest: Sendable {
    var endpoint: GenerationEndpoint
    var model: String
    var prompt: SimPrompt
    var sampling: SamplingParameters
    var stream: Bool
    var includeUsage: Bool

    enum Rejection: Error {
        case badRequest(RequestError)
        case unknownModel(String)
    }

    static func read(_ endpoint: GenerationEndpoint, body: ByteBuffer, configuration: SimConfiguration)
        -> Result<GenerationRequest, Rejection>
    {
        let request: GenerationRequest
        let topLogprobs: (value: Int?, param: String)
        var noMessages = false
        switch endpoint {
        case .chat:
            switch JSONCoding.decode(ChatCompletionRequest.self, from: body) {
            case .failure(let error): return .failure(.badRequest(error))
            case .success(let chat):
                noMessages = chat.messages.isEmpty
                request = GenerationRequest(
                    endpoint: .chat, model: chat.model, prompt: .chat(chat.messages), sampling: chat.sampling,
                    stream: chat.stream ?? false, includeUsage: chat.streamOptions?.includeUsage ?? false)
                topLogprobs = (chat.topLogprobs, "top_logprobs")
            }
        case .completion:
            switch JSONCoding.decode(CompletionRequest.self, from: body) {
            case .failure(let error): return .failure(.badRequest(error))
            case .success(let completion):
                request = GenerationRequest(
                    endpoint: .completion, model: completion.model, prompt: .completion(completion.prompt),
                    sampling: completion.sampling, stream: completion.stream ?? false,
                    includeUsage: completion.streamOptions?.includeUsage ?? false)
                topLogprobs = (completion.logprobs, "logprobs")
            }
        }
        if !request.model.isEmpty, request.model != configuration.modelName {
            return .failure(.unknownModel(request.model))
        }
        if noMessages {
            return .failure(.badRequest(RequestError(message: "messages must not be empty", param: "messages")))
        }
        if let error = validate(request.sampling, topLogprobs: topLogprobs, maxN: configuration.maxN) {
            return .failure(.badRequest(error))
        }
        return .success(request)
    }

    static func validate(_ sampling: SamplingParameters, topLogprobs: (value: Int?, param: String), maxN: Int?)
        -> RequestError?
    {
        if let n = sampling.n {
            if n < 1 || n > 128 { return RequestError(message: "n must be between 1 and 128, got \(n)", param: "n") }
            if let maxN, n > maxN { return RequestError(message: "n must be at most \(maxN)", param: "n") }
        }
        if let t = sampling.temperature, !(0...2).contains(t) {
            return RequestError(message: "temperature must be between 0 and 2, got \(t)", param: "temperature")
        }
        if let p = sampling.topP, !(p > 0 && p <= 1) {
            return RequestError(message: "top_p must be in (0, 1], got \(p)", param: "top_p")
        }
        if let m = sampling.maxTokens, m < 1 {
            return RequestError(message: "max_tokens must be at least 1, got \(m)", param: "max_tokens")
        }
        if let k = topLogprobs.value, !(0...20).contains(k) {
            return RequestError(
                message: "\(topLogprobs.param) must be between 0 and 20, got \(k)", param: topLogprobs.param)
        }
        return nil
    }
}
