import ArgumentParser
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

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port; 0 picks a free one.")
    var port: Int = 8080

    @Option(help: "The preset for requests that name none.")
    var defaultStrategy: String = "single"

    @Option(help: ArgumentHelp("Environment variable holding an accepted client API key; repeat for several.", valueName: "name"))
    var clientKeyEnv: [String] = []

    @Option(help: "Largest request body in bytes.")
    var maxBodyBytes: Int = 4 << 20

    @Option(help: "Seconds in-flight requests may take to finish after SIGTERM.")
    var gracePeriod: Double = 30

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
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must not be negative") }
    }

    func run() async throws {
        try await CommandErrors.reported {
            var keys = Set<String>()
            for name in clientKeyEnv {
                guard let key = ProcessInfo.processInfo.environment[name], !key.isEmpty else {
                    throw ValidationError("--client-key-env: environment variable '\(name)' is not set")
                }
                keys.insert(key)
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
            guard engine.presets.preset(named: defaultStrategy) != nil else {
                throw ValidationError("--default-strategy: no preset '\(defaultStrategy)'; see `ponder strategies`")
            }
            try await PonderServer.run(
                engine: engine,
                configuration: ServerConfiguration(
                    host: host, port: port, apiKeys: keys, maxBodyBytes: maxBodyBytes, defaultPreset: defaultStrategy),
                gracePeriod: gracePeriod
            ) { boundPort in
                FileHandleWriter.standardOutput("listening on http://\(host):\(boundPort)\n")
                if demo { FileHandleWriter.standardOutput(Self.exampleRequest(port: boundPort)) }
            }
            await sim?.stop()
        }
    }
}
