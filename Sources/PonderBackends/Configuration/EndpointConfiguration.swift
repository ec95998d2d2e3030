import PonderCore
/// One model endpoint as the configuration describes it: where its replicas are, what it is used for,
/// and how Ponder talks to it.
public struct EndpointConfiguration: Sendable, Hashable {
    /// The name strategies and routes use for this endpoint.
    public var name: String
    /// The model id sent upstream in every request.
    public var model: String
    /// Base URLs of the replicas, normalised to end in `/v1`.
    public var replicas: [String]
    public var roles: Set<EndpointRole>
    /// The API key itself, read from `apiKeyEnvironmentVariable` when the configuration was loaded.
    public var apiKey: String?
    public var apiKeyEnvironmentVariable: String?
    /// Concurrent requests per replica; callers beyond it wait in line.
    public var maxConcurrency: Int
    public var timeouts: EndpointTimeouts
    public var capabilities: EndpointCapabilities
    public var cost: TokenCost
    public var retry: RetryPolicy
    public var circuitBreaker: CircuitBreaker.Policy

    public init(
        name: String, model: String, replicas: [String], roles: Set<EndpointRole> = Set(EndpointRole.allCases),
        apiKey: String? = nil, apiKeyEnvironmentVariable: String? = nil, maxConcurrency: Int = 256,
        timeouts: EndpointTimeouts = .init(), capabilities: EndpointCapabilities = .init(),
        cost: TokenCost = .init(), retry: RetryPolicy = .default, circuitBreaker: CircuitBreaker.Policy = .default
    ) {
        self.name = name
        self.model = model
        self.replicas = replicas
        self.roles = roles
        self.apiKey = apiKey
        self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        self.maxConcurrency = maxConcurrency
        self.timeouts = timeouts
        self.capabilities = capabilities
        self.cost = cost
        self.retry = retry
        self.circuitBreaker = circuitBreaker
    }
}

/// What an endpoint is used for.
public enum EndpointRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Writes solutions.
    case policy
    /// Scores each step of a solution (process reward model).
    case prm
    /// Scores a whole solution (outcome verifier).
    case verifier
    /// Judges a solution through a prompt, read from yes/no log probabilities.
    case judge
    /// Estimates the value of candidate next steps.
    case qvalue
}

/// Timeouts in seconds. `firstByte` bounds the wait for the response head of a stream; `idle` the gap
/// between chunks of a streamed body; `total` the whole call (one attempt). The connect timeout is the
/// shared `HTTPTransport`'s, process-wide (AsyncHTTPClient sets it per client).
public struct EndpointTimeouts: Sendable, Hashable {
    public var firstByte: Double
    public var idle: Double
    public var total: Double

    public init(firstByte: Double = 120, idle: Double = 60, total: Double = 600) {
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// What an endpoint can do. `nil` means "not configured": Ponder learns it at run time.
public struct EndpointCapabilities: Sendable, Hashable {
    /// The largest `n` one request may ask for; larger requests are split.
    public var maxN: Int?
    /// Whether `usage` counts every choice of an `n > 1` response (llama.cpp counts one).
    public var usageCoversAllChoices: Bool?
    /// The server software; nil: recognised from `GET /v1/models` on first use.
    public var server: ServerKind?
    /// How a partial answer is continued; nil: the one suited to the server.
    public var continuation: PrefixContinuation?

    public init(
        maxN: Int? = nil, usageCoversAllChoices: Bool? = nil, server: ServerKind? = nil,
        continuation: PrefixContinuation? = nil
    ) {
        self.maxN = maxN
        self.usageCoversAllChoices = usageCoversAllChoices
        self.server = server
        self.continuation = continuation
    }
}
