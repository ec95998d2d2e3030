/// `ponder sim` as a child process (see `ChildServer`), with the instant defaults: no decode or
/// prefill delay, so what a benchmark sees is the cost of the HTTP path, not of a model.
public enum SimProcess {
    /// Starts `executable sim --port 0 <arguments>` and waits for its `listening on` line.
    public static func start(executable: String, arguments: [String] = [], timeout: Double = 30) throws -> ChildServer {
        try ChildServer.start(executable: executable, arguments: ["sim", "--port", "0"] + arguments, timeout: timeout)
    }
}
