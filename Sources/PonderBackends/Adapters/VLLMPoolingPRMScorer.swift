import PonderCore
import Synchronization

/// A process reward model such as Qwen2.5-Math-PRM served by vLLM as a pooling model.
///
/// The solution is sent as a chat whose assistant turn joins the steps with the model's step tag
/// (`<extra_0>`, one after each step); `POST /pooling` with `task: token_classify` returns per-token
/// class probabilities, and each step's score is the class-1 probability at its tag. The tag's token
/// id comes from `POST /tokenize` once and is remembered; the positions of the tags from tokenizing the
/// same chat. See vLLM's pooling-model docs; flags and shapes change across vLLM releases.
public final class VLLMPoolingPRMScorer: StepScorer {
    public let client: EndpointClient
    public let stepTag: String
    public let systemPrompt: String
    private let tagID = Mutex<Int?>(nil)

    public init(
        client: EndpointClient, stepTag: String = "<extra_0>",
        systemPrompt: String = "Please reason step by step, and put your final answer within \\boxed{}."
    ) {
        self.client = client
        self.stepTag = stepTag
        self.systemPrompt = systemPrompt
    }

    public var tokenCost: TokenCost { client.tokenCost }

    struct ChatBody: Encodable {
        var model: String
        var messages: [ChatMessage]
        var task: String?
        var addSpecialTokens: Bool?
        enum CodingKeys: String, CodingKey {
            case model, messages, task
            case addSpecialTokens = "add_special_tokens"
        }
    }

    struct PromptBody: Encodable {
        var model: String
        var prompt: String
        var addSpecialTokens: Bool
        enum CodingKeys: String, CodingKey {
            case model, prompt
            case addSpecialTokens = "add_special_tokens"
        }
    }

    struct TokenizeResponse: Decodable, Sendable { var tokens: [Int] }

    struct PoolingResponse: Decodable, Sendable {
        var data: [Item]
        struct Item: Decodable, Sendable { var data: [[Double]] }
    }

    public func scoreSteps(_ problem: Problem, steps: [String]) async throws -> ScorerOutput<[Double]> {
        guard !steps.isEmpty else { return ScorerOutput(value: [], usage: .zero) }
        let model = client.configuration.model
        let messages: [ChatMessage] = [
            .system(systemPrompt), .user(problem.question),
            .assistant(steps.joined(separator: stepTag) + stepTag),
        ]
        let tag = try await stepTagID(model: model)
        let tokens = try await client.postToRoot(
            TokenizeResponse.self, path: "/tokenize", body: ChatBody(model: model, messages: messages))
        let pooled = try await client.postToRoot(
            PoolingResponse.self, path: "/pooling", body: ChatBody(model: model, messages: messages, task: "token_classify"))
        guard let probabilities = pooled.data.first?.data else {
            throw BackendError.malformedResponse(endpoint: client.name, replica: client.configuration.replicas[0], detail: "pooling returned no data")
        }
        let scores = Self.stepScores(tokenIDs: tokens.tokens, probabilities: probabilities, tagID: tag)
        guard scores.count == steps.count else {
            throw BackendError.malformedResponse(
                endpoint: client.name, replica: client.configuration.replicas[0],
                detail: "found \(scores.count) step tags for \(steps.count) steps")
        }
        return ScorerOutput(value: scores, usage: Usage(promptTokens: tokens.tokens.count, calls: 2))
    }

    /// The class-1 probability at each position holding the step tag. When the pooler returns only the
    /// tag positions (a STEP pooler), the rows are taken as they come.
    static func stepScores(tokenIDs: [Int], probabilities: [[Double]], tagID: Int) -> [Double] {
        if probabilities.count != tokenIDs.count {
            return probabilities.map { $0.count > 1 ? $0[1] : ($0.first ?? 0) }
        }
        return tokenIDs.indices.compactMap { index in
            guard tokenIDs[index] == tagID else { return nil }
            let row = probabilities[index]
            return row.count > 1 ? row[1] : row.first
        }
    }

    private func stepTagID(model: String) async throws -> Int {
        if let known = tagID.withLock({ $0 }) { return known }
        let response = try await client.postToRoot(
            TokenizeResponse.self, path: "/tokenize", body: PromptBody(model: model, prompt: stepTag, addSpecialTokens: false))
        guard response.tokens.count == 1, let id = response.tokens.first else {
            throw BackendError.malformedResponse(
                endpoint: client.name, replica: client.configuration.replicas[0],
                detail: "the step tag '\(stepTag)' is not a single token for this model (got \(response.tokens))")
        }
        tagID.withLock { $0 = id }
        return id
    }
}
