import ArgumentParser
import Logging
import PonderEngine
import PonderServer
import PonderSim

import class Foundation.ProcessInfo

/// `ponder serve`: the OpenAI-compatible daemon over the configured endpoints.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the OpenAI API (POST /v1/chat/completions, GET /v1/models), answering with search strategies.")

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Address to bind (default 127.0.0.1, or the config's server.host).")
    var host: String?

    @Option(help: "Port; 0 picks a free one (default 8080, or the config's server.port).")
    var port: Int?

    @Option(help: "The preset for requests that name none (default single).")
    var defaultStrategy: String?

    @Option(help: ArgumentHelp("Environment variable holding an accepted client API key; repeat for several.", valueName: "name"))
    var clientKeyEnv: [String] = []

    @Option(help: "Largest request body in bytes (default 4 MiB).")
    var maxBodyBytes: Int?

    @Option(help: "Searches run at once; more wait in the queue (default 64).")
    var maxConcurrentSearches: Int?

    @Option(help: "Requests that may wait for a search slot before the rest get HTTP 429 (default 128).")
    var queue: Int?

    @Option(help: "Log level: 'info' logs one structured line per request (default: warning, failures only).")
    var logLevel: String = "warning"

    @Option(help: "Seconds in-flight requests may take to finish after SIGTERM.")
    var gracePeriod: Double = 30

    @Option(help: ArgumentHelp(
        "Record every answered completion request (prompt, answer, usage, latency, trace) in this SQLite file; appends to an existing record.",
        valueName: "path"))
    var record: String?

    @Flag(help: "Serve the embedded simulated model (started in-process) instead of --endpoint/--config.")
    var demo = false

    /// A request to try against the demo, printed once it listens.
    static func exampleRequest(port: Int) -> String {
        """
        Serving the embedded simulated model. Try:
          curl -s http://127.0.0.1:\(port)/v1/chat/completions -H 'Content-Type: application/json' \\
            -d '{"model": "best-of-4/sim-reasoner", "messages": [{"role": "user", "content": "Start with 12. Add 7. Multiply the result by 3. What is the result?"}]}'

        """
    }

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if let maxBodyBytes, maxBodyBytes <= 0 { throw ValidationError("--max-body-bytes must be positive") }
        if let maxConcurrentSearches, maxConcurrentSearches <= 0 { throw ValidationError("--max-concurrent-searches must be positive") }
        if let queue, queue < 0 { throw ValidationError("--queue must not be negative") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must not be negative") }
        if record?.isEmpty == true { throw ValidationError("--record needs a file path") }
    }

    func run() async throws {
        MallocTuning.keepHeapsWarm()
        try await CommandErrors.reported {
            var keys: [(name: String, key: String)] = []
            for name in clientKeyEnv {
                guard let key = ProcessInfo.processInfo.environment[name], !key.isEmpty else {
                    throw ValidationError("--client-key-env: environment variable '\(name)' is not set")
                }
                keys.append((name, key))
            }
            var sim: RunningSim?
            let configuration: PonderConfiguration
            if demo {
                guard endpoint.endpoints.isEmpty, endpoint.config == nil else {
                    throw ValidationError("--demo serves the embedded sim; leave out --endpoint and --config")
                }
                let running = try await SimServer.start(SimConfiguration())
                sim = running
                configuration = try PonderConfiguration.singleEndpoint(urls: [running.baseURL], model: nil)
            } else {
                configuration = try PonderConfiguration.resolve(endpoint.source)
            }
            let engine = try await Engine.start(configuration: configuration)
            var server = ServerConfiguration(
                section: configuration.server,
                overrides: .init(
                    host: host, port: port, defaultPreset: defaultStrategy, maxBodyBytes: maxBodyBytes,
                    maxConcurrentSearches: maxConcurrentSearches, queueDepth: queue,
                    clientKeys: ServerConfiguration.unlimitedKeys(keys), recordPath: record))
            server.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
            for (what, name) in [("default strategy", server.defaultPreset)] + server.routes.map({ ("route '\($0.key)'", $0.value) })
            where engine.presets.preset(named: name) == nil {
                throw ValidationError("\(what): no preset '\(name)'; see `ponder strategies`")
            }
            let boundHost = server.host
            try await PonderServer.run(engine: engine, configuration: server, gracePeriod: gracePeriod) { boundPort in
                FileHandleWriter.standardOutput("listening on http://\(boundHost):\(boundPort)\n")
                if demo { FileHandleWriter.standardOutput(Self.exampleRequest(port: boundPort)) }
            }
            await sim?.stop()
        }
    }
}
