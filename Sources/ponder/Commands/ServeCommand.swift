import ArgumentParser
import PonderEngine
import PonderServer

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
            let engine = try await Engine.start(configuration: try PonderConfiguration.resolve(endpoint.source))
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
            }
        }
    }
}
