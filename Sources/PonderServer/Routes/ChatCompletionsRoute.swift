import Hummingbird
import PonderBackends
import PonderCore
import PonderEngine

import struct FoundationEssentials.Data
import class FoundationEssentials.JSONDecoder

/// `POST /v1/chat/completions`: the client's conversation, answered by a search strategy.
///
/// The client's messages are the prompt as they are; the last user message is the question scorers
/// see. `seed` seeds the search; `n > 1` returns the top `n` distinct candidates, ranked. Usage is
/// the total of every backend call the search made.
struct ChatCompletionsRoute: Sendable {
    let engine: Engine
    let resolver: RouteResolver
    let model: String
    let traces: TraceStore

    func respond(to body: ByteBuffer) async throws(APIError) -> Response {
        let data = Data(buffer: body)
        let request: ChatCompletionRequest
        let extras: RequestExtras
        do {
            request = try JSONDecoder().decode(ChatCompletionRequest.self, from: data)
            extras = try JSONDecoder().decode(RequestExtras.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw APIError.invalid("The body is not valid JSON: \(error)")
        }
        try Self.validate(request)
        let preset = try resolver.preset(
            model: request.model, strategy: extras.ponder?.strategy, optillmApproach: extras.optillmApproach)
        let budget = try extras.ponder?.budget?.budget() ?? .unlimited
        let question = request.messages.last { $0.role == "user" }?.content ?? ""
        var sampling = SamplingParameters()
        sampling.maxTokens = request.maxTokens
        let problem = Problem(question: question, messages: request.messages)
        let seed = extras.ponder?.seed ?? request.seed ?? 0
        if request.stream == true {
            return StreamingChat(
                engine: engine, preset: preset, problem: problem, budget: budget, seed: seed, sampling: sampling,
                model: request.model, includeUsage: request.streamOptions?.includeUsage == true
            ).response
        }
        let solution: Solution
        do {
            solution = try await engine.solve(problem: problem, preset: preset, budget: budget, seed: seed, sampling: sampling)
        } catch let error as BackendError {
            throw APIError.upstream("The model endpoint failed: \(error)")
        } catch is CancellationError {
            throw APIError(status: .init(code: 499, reasonPhrase: "Client Closed Request"), body: ErrorBody(message: "cancelled"))
        } catch {
            throw APIError.upstream("The search failed: \(error)")
        }
        guard !solution.candidates.isEmpty else { throw APIError.upstream("The search produced no answer within its budget.") }
        var seen = Set<String>()
        let distinct = solution.candidates.filter { seen.insert($0.text).inserted }
        let choices = distinct.prefix(request.n ?? 1).enumerated().map { index, candidate in
            ChatCompletionResponse.Choice(
                index: index, message: .assistant(candidate.text),
                finishReason: candidate.isComplete ? "stop" : "length")
        }
        let usage = solution.usage
        let id = "ponder-\(UInt64.random(in: 0...UInt64.max))"
        traces.store(solution.trace, id: id)
        let response = ProxyChatResponse(
            id: id,
            created: 0, model: request.model, choices: Array(choices),
            usage: UsageBody(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedTokens: usage.cachedPromptTokens),
            ponder: .init(
                strategy: preset, kind: engine.presets.preset(named: preset)?.kind ?? "", calls: usage.calls,
                cutShort: solution.cutShort, generationEquivalents: solution.generationEquivalents,
                candidates: Array(solution.candidates.prefix(8)), uncountedChoices: usage.uncountedChoices))
        return JSONBody.response(response)
    }

    static func validate(_ request: ChatCompletionRequest) throws(APIError) {
        guard !request.messages.isEmpty else { throw APIError.invalid("'messages' must not be empty", param: "messages") }
        guard request.messages.count <= 1000 else { throw APIError.invalid("at most 1000 messages", param: "messages") }
        if let n = request.n, !(1...16).contains(n) { throw APIError.invalid("'n' must be from 1 to 16", param: "n") }
        if let t = request.temperature, !(0...2).contains(t) { throw APIError.invalid("'temperature' must be from 0 to 2", param: "temperature") }
        if let m = request.maxTokens, !(1...131_072).contains(m) { throw APIError.invalid("'max_tokens' must be from 1 to 131072", param: "max_tokens") }
    }

    static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid("missing required field '\(path(context.codingPath + [key]))'", param: path(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid("'\(path(context.codingPath))' has the wrong type: \(context.debugDescription)", param: path(context.codingPath))
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            return .invalid(where_.isEmpty ? "The body is not valid JSON." : "'\(where_)': \(context.debugDescription)", param: where_.isEmpty ? nil : where_)
        @unknown default:
            return .invalid("The body could not be read.")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
