/// What the sim has served since it started (`GET /sim/stats`, `RunningSim.stats()`).
public struct SimStats: Codable, Sendable, Equatable {
    /// Requests received per route path, e.g. "/v1/chat/completions".
    public var requests: [String: Int]
    /// Faults injected per kind (the raw values of `SimFaultKind`).
    public var faults: [String: Int]
    /// Prompt tokens of generation requests (once per request).
    public var promptTokens: Int
    /// Of those, tokens served from the prefix cache.
    public var cachedTokens: Int
    /// Completion tokens generated over all choices.
    public var completionTokens: Int
    /// Completion tokens reported in `usage` (less than `completionTokens` with `usageFirstChoiceOnly`).
    public var reportedCompletionTokens: Int
    /// Choices generated.
    public var choices: Int
    /// Requests answered with HTTP 4xx for bad input, unknown model or `n` above `--max-n`.
    public var rejected: Int
    /// Requests being handled now.
    public var inFlight: Int
    /// Requests whose handling has ended (the response was written, failed, or the client went away).
    public var finished: Int

    public init() {
        requests = [:]
        faults = [:]
        promptTokens = 0
        cachedTokens = 0
        completionTokens = 0
        reportedCompletionTokens = 0
        choices = 0
        rejected = 0
        inFlight = 0
        finished = 0
    }

    /// All requests received.
    public var totalRequests: Int { requests.values.reduce(0, +) }

    /// The routes that cost model compute: generation and scoring.
    public static let modelRoutes = ["/v1/chat/completions", "/v1/completions", "/v1/score", "/v1/qvalue"]

    /// Requests to the generation and scoring routes: the backend calls a search makes, without the
    /// model list, template or stats requests around them.
    public var modelRequests: Int { Self.modelRoutes.reduce(0) { $0 + (requests[$1] ?? 0) } }

    enum CodingKeys: String, CodingKey {
        case requests, faults, choices, rejected, finished
        case promptTokens = "prompt_tokens"
        case cachedTokens = "cached_tokens"
        case completionTokens = "completion_tokens"
        case reportedCompletionTokens = "reported_completion_tokens"
        case inFlight = "in_flight"
    }
}
