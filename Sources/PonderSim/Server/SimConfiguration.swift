/// Everything `ponder sim` can be told: where to listen, the model's name and seed, cost and capacity,
/// scoring noise and fault injection.
public struct SimConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The one model id served; requests naming another get 404.
    public var modelName: String
    /// `owned_by` in `/v1/models`; `llamacpp` makes clients take the sim for llama.cpp.
    public var modelOwner: String
    /// Seeds sampling without a request seed, scoring noise, faults and response ids.
    public var seed: UInt64
    /// Decode speed per request slot in tokens per second; 0 answers instantly.
    public var tokensPerSecond: Double
    /// Prefill speed for uncached prompt tokens; 0 is instant.
    public var promptTokensPerSecond: Double
    /// Requests served at once; more wait in FIFO order. 0 is unlimited.
    public var maxConcurrency: Int
    /// σ of the process reward model's logit noise; AUROC = Φ(√2·2/σ).
    public var prmNoise: Double
    /// σ of the Q-value model's logit noise.
    public var qvalueNoise: Double
    /// Probability that a generation or scoring request gets a fault.
    public var faultRate: Double
    /// The fault kinds drawn from, uniformly.
    public var faults: [SimFaultKind]
    /// `Retry-After` seconds of the `429-retry-after` fault.
    public var retryAfterSeconds: Int
    /// How long the `stall` fault withholds the response.
    public var stallSeconds: Double
    /// Seconds between the pieces of a `slow-stream` body.
    public var slowStreamInterval: Double
    /// Requests with `n` above this get 400, as llama.cpp's slot cap does; `nil` allows up to 128.
    public var maxN: Int?
    /// Emulates llama.cpp: usage counts only the first choice and responses carry `timings`.
    public var usageFirstChoiceOnly: Bool
    /// Blocks of 16 tokens the prefix cache keeps.
    public var prefixCacheBlocks: Int
    /// The `created` timestamp of every response (fixed, so responses are reproducible).
    public var created: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, modelName: String = "sim-reasoner", modelOwner: String = "ponder-sim", seed: UInt64 = 0,
        tokensPerSecond: Double = 0, promptTokensPerSecond: Double = 0, maxConcurrency: Int = 0,
        prmNoise: Double = 1.0, qvalueNoise: Double = 0.5, faultRate: Double = 0,
        faults: [SimFaultKind] = SimFaultKind.allCases, retryAfterSeconds: Int = 1, stallSeconds: Double = 30,
        slowStreamInterval: Double = 0.2, maxN: Int? = nil, usageFirstChoiceOnly: Bool = false,
        prefixCacheBlocks: Int = 200_000, created: Int = 1_735_689_600
    ) {
        self.host = host
        self.port = port
        self.modelName = modelName
        self.modelOwner = modelOwner
        self.seed = seed
        self.tokensPerSecond = tokensPerSecond
        self.promptTokensPerSecond = promptTokensPerSecond
        self.maxConcurrency = maxConcurrency
        self.prmNoise = prmNoise
        self.qvalueNoise = qvalueNoise
        self.faultRate = faultRate
        self.faults = faults
        self.retryAfterSeconds = retryAfterSeconds
        self.stallSeconds = stallSeconds
        self.slowStreamInterval = slowStreamInterval
        self.maxN = maxN
        self.usageFirstChoiceOnly = usageFirstChoiceOnly
        self.prefixCacheBlocks = prefixCacheBlocks
        self.created = created
    }

    /// Whether requests may have to wait (for a slot, or for simulated compute).
    var paces: Bool { tokensPerSecond > 0 || promptTokensPerSecond > 0 || maxConcurrency > 0 }
}
