import Logging
import PonderEngine

/// How `ponder serve` listens and what it lets clients do.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Accepted API keys with their names and limits; empty means no key is required.
    public var clientKeys: [ServerSection.ClientKey]
    /// Request bodies larger than this are refused with HTTP 413.
    public var maxBodyBytes: Int
    /// The preset used when a request names none.
    public var defaultPreset: String
    /// How many recent search traces `GET /v1/ponder/traces/{id}` keeps.
    public var traceCapacity: Int
    /// Searches run at once; `queueDepth` more wait up to `queueTimeout` seconds; beyond that, 429.
    public var maxConcurrentSearches: Int
    public var queueDepth: Int
    public var queueTimeout: Double
    /// Route aliases: model ids a client may send, and the preset each selects.
    public var routes: [String: String]
    /// `info` logs one structured line per request (request id, route, status, strategy, client name,
    /// duration) to standard error; the default logs only failures.
    public var logLevel: Logger.Level = .warning
    /// What one completion request may ask for; see `RequestLimits`.
    public var limits = RequestLimits()
    /// Where the daemon logs (at `logLevel`); nil: standard error (`DaemonLogHandler`), label `ponder-serve`.
    public var logger: Logger?
    /// `--record PATH`: a SQLite file that gets one row per answered completion request (see
    /// `RequestRecorder`); nil records nothing.
    public var recordPath: String?
    /// Rows the recorder holds for its writer before it drops new ones (counted, never waited for).
    public var recordQueueCapacity = 4096
    /// A client that takes longer than this to send one request (head and body) loses the connection:
    /// a trickle of bytes cannot hold a connection open for ever.
    public var requestReadTimeout: Duration = .seconds(30)
    /// A kept-alive connection with no request for this long is closed. A request being answered is
    /// never cut off by it, however long its search runs.
    public var idleTimeout: Duration = .seconds(120)
    /// After the 400 for bytes it cannot parse, a connection reads and drops what the client still sends
    /// for at most this long before it closes, so that a client still sending sees the 400, not a reset.
    public var badRequestLinger: Duration = .seconds(2)

    public init(
        host: String = "127.0.0.1", port: Int = 0, clientKeys: [ServerSection.ClientKey] = [], maxBodyBytes: Int = 4 << 20,
        defaultPreset: String = "single", traceCapacity: Int = 256, maxConcurrentSearches: Int = 64, queueDepth: Int = 128,
        queueTimeout: Double = 5, routes: [String: String] = [:]
    ) {
        self.host = host
        self.port = port
        self.clientKeys = clientKeys
        self.maxBodyBytes = maxBodyBytes
        self.defaultPreset = defaultPreset
        self.traceCapacity = traceCapacity
        self.maxConcurrentSearches = maxConcurrentSearches
        self.queueDepth = queueDepth
        self.queueTimeout = queueTimeout
        self.routes = routes
    }

    /// Keys given only as values (`--client-key-env`), without limits; each is named after its variable.
    public static func unlimitedKeys(_ named: [(name: String, key: String)]) -> [ServerSection.ClientKey] {
        named.map { ServerSection.ClientKey(name: $0.name, key: $0.key) }
    }

    /// The file's `server:` section under flags: a flag that was given wins over the file.
    public init(section: ServerSection, overrides: ServerConfiguration.Overrides) {
        self.init()
        host = overrides.host ?? section.host ?? host
        port = overrides.port ?? section.port ?? 8080
        defaultPreset = overrides.defaultPreset ?? section.defaultStrategy ?? defaultPreset
        maxBodyBytes = overrides.maxBodyBytes ?? section.maxBodyBytes ?? maxBodyBytes
        traceCapacity = section.traceCapacity ?? traceCapacity
        maxConcurrentSearches = overrides.maxConcurrentSearches ?? section.maxConcurrentSearches ?? maxConcurrentSearches
        queueDepth = overrides.queueDepth ?? section.queueDepth ?? queueDepth
        queueTimeout = section.queueTimeoutSeconds ?? queueTimeout
        routes = section.routes
        clientKeys = section.clientKeys + overrides.clientKeys
        limits = RequestLimits(section.limits)
        recordPath = overrides.recordPath ?? section.record
        if let seconds = section.requestReadTimeoutSeconds { requestReadTimeout = .milliseconds(Int64(seconds * 1000)) }
        if let seconds = section.idleTimeoutSeconds { idleTimeout = .milliseconds(Int64(seconds * 1000)) }
    }

    /// Values given on the command line.
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var defaultPreset: String?
        public var maxBodyBytes: Int?
        public var maxConcurrentSearches: Int?
        public var queueDepth: Int?
        public var clientKeys: [ServerSection.ClientKey]
        public var recordPath: String?

        public init(
            host: String? = nil, port: Int? = nil, defaultPreset: String? = nil, maxBodyBytes: Int? = nil,
            maxConcurrentSearches: Int? = nil, queueDepth: Int? = nil, clientKeys: [ServerSection.ClientKey] = [],
            recordPath: String? = nil
        ) {
            self.recordPath = recordPath
            self.host = host
            self.port = port
            self.defaultPreset = defaultPreset
            self.maxBodyBytes = maxBodyBytes
            self.maxConcurrentSearches = maxConcurrentSearches
            self.queueDepth = queueDepth
            self.clientKeys = clientKeys
        }
    }
}
