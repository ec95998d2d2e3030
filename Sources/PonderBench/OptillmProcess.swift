/// optillm as a child process in front of a model server, so it can be measured beside `ponder serve`.
///
///     let optillm = try OptillmProcess.start(executable: path, backendBaseURL: sim.baseURL,
///                                            model: "sim-reasoner", bestOfN: 8, logPath: "/tmp/optillm.log")
///     // requests to optillm.origin with model "bon-sim-reasoner", "self_consistency-sim-reasoner", "none-…"
///
/// It is started the way its README says (`OPENAI_API_KEY=… optillm --base-url URL`), on a free
/// loopback port, with `--log warning`: at its default (`info`) it logs several lines per request, which
/// Ponder does not (its default is warnings only), and the comparison is of the proxy path, not of logging.
/// (Flask's server still writes its one access-log line per request; that goes to `logPath`.)
/// optillm prints nothing machine-readable when it is up, so readiness is a poll of `GET /health`.
/// Anything that takes the same flags can stand in for it (the tests use `ponder serve` behind a script).
public enum OptillmProcess {
    public static func start(
        executable: String, backendBaseURL: String, model: String, bestOfN: Int, logPath: String, timeout: Double = 120
    ) throws -> ChildServer {
        guard let port = LoopbackPort.free() else {
            throw ChildServer.StartFailure(description: "no free loopback port for optillm")
        }
        return try ChildServer.start(
            executable: executable,
            arguments: [
                "--host", "127.0.0.1", "--port", "\(port)", "--base-url", backendBaseURL, "--model", model,
                "--best-of-n", "\(bestOfN)", "--log", "warning",
            ],
            // The sim takes any key; optillm needs one to pick its OpenAI client.
            environment: ["OPENAI_API_KEY": "sk-local"],
            origin: "http://127.0.0.1:\(port)", healthPath: "/health", logPath: logPath, timeout: timeout)
    }
}
