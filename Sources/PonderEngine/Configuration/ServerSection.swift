/// The `server:` section of a configuration file: how `ponder serve` listens, whom it admits, and how
/// much it takes on at once. Every field is optional; command-line flags override what is set here.
public struct ServerSection: Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var defaultStrategy: String?
    public var maxBodyBytes: Int?
    public var traceCapacity: Int?
    /// Searches run at once; more wait in a short queue, and beyond that get HTTP 429.
    public var maxConcurrentSearches: Int?
    public var queueDepth: Int?
    /// How long a request may wait in the queue before it gets HTTP 429.
    public var queueTimeoutSeconds: Double?
    /// Route aliases: a model id a client may send, and the preset it selects.
    public var routes: [String: String]
    public var clientKeys: [ClientKey]
    /// What one request may ask for (`server.limits`); unset fields keep the daemon's defaults.
    public var limits: Limits
    /// `server.record`: a SQLite file that gets one row per answered completion request; nil records nothing.
    public var record: String?
    /// `server.connections.request_timeout`: seconds a client may take to send one request, head and body.
    public var requestReadTimeoutSeconds: Double?
    /// `server.connections.idle_timeout`: seconds a kept-alive connection may wait for its next request.
    public var idleTimeoutSeconds: Double?

    public init(
        host: String? = nil, port: Int? = nil, defaultStrategy: String? = nil, maxBodyBytes: Int? = nil,
        traceCapacity: Int? = nil, maxConcurrentSearches: Int? = nil, queueDepth: Int? = nil,
        queueTimeoutSeconds: Double? = nil, routes: [String: String] = [:], clientKeys: [ClientKey] = [],
        limits: Limits = Limits(), record: String? = nil
    ) {
        self.record = record
        self.host = host
        self.port = port
        self.defaultStrategy = defaultStrategy
        self.maxBodyBytes = maxBodyBytes
        self.traceCapacity = traceCapacity
        self.maxConcurrentSearches = maxConcurrentSearches
        self.queueDepth = queueDepth
        self.queueTimeoutSeconds = queueTimeoutSeconds
        self.routes = routes
        self.clientKeys = clientKeys
        self.limits = limits
    }

    /// `server.limits`: the largest request the daemon accepts, field by field (see `RequestLimits`
    /// in PonderServer for the defaults).
    public struct Limits: Sendable, Equatable {
        public var maxMessages: Int?
        public var maxN: Int?
        public var maxTokens: Int?
        public var maxNestingDepth: Int?
        public var maxModelIDBytes: Int?
        public var maxContentBytes: Int?
        public var maxStopSequences: Int?
        public var maxStopSequenceBytes: Int?

        public init(
            maxMessages: Int? = nil, maxN: Int? = nil, maxTokens: Int? = nil, maxNestingDepth: Int? = nil,
            maxModelIDBytes: Int? = nil, maxContentBytes: Int? = nil, maxStopSequences: Int? = nil,
            maxStopSequenceBytes: Int? = nil
        ) {
            self.maxMessages = maxMessages
            self.maxN = maxN
            self.maxTokens = maxTokens
            self.maxNestingDepth = maxNestingDepth
            self.maxModelIDBytes = maxModelIDBytes
            self.maxContentBytes = maxContentBytes
            self.maxStopSequences = maxStopSequences
            self.maxStopSequenceBytes = maxStopSequenceBytes
        }
    }

    /// An API key clients may send, with its limits. The key itself comes from an environment variable
    /// and is never written to a file, a log, a trace or a metric label: `name` stands for it there.
    public struct ClientKey: Sendable, Equatable {
        public var name: String
        public var key: String
        public var requestsPerMinute: Int?
        public var tokensPerDay: Int?

        public init(name: String, key: String, requestsPerMinute: Int? = nil, tokensPerDay: Int? = nil) {
            self.name = name
            self.key = key
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerDay = tokensPerDay
        }
    }
}
