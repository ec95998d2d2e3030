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

    public init(
        host: String? = nil, port: Int? = nil, defaultStrategy: String? = nil, maxBodyBytes: Int? = nil,
        traceCapacity: Int? = nil, maxConcurrentSearches: Int? = nil, queueDepth: Int? = nil,
        queueTimeoutSeconds: Double? = nil, routes: [String: String] = [:], clientKeys: [ClientKey] = []
    ) {
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
