/// How `ponder serve` listens and what it lets clients do.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Accepted API keys; empty means no key is required.
    public var apiKeys: Set<String>
    /// Request bodies larger than this are refused with HTTP 413.
    public var maxBodyBytes: Int
    /// The preset used when a request names none.
    public var defaultPreset: String
    /// How many recent search traces `GET /v1/ponder/traces/{id}` keeps.
    public var traceCapacity: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, apiKeys: Set<String> = [], maxBodyBytes: Int = 4 << 20,
        defaultPreset: String = "single", traceCapacity: Int = 256
    ) {
        self.traceCapacity = traceCapacity
        self.host = host
        self.port = port
        self.apiKeys = apiKeys
        self.maxBodyBytes = maxBodyBytes
        self.defaultPreset = defaultPreset
    }
}
