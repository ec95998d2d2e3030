import ArgumentParser
import Dispatch
import PonderEngine
import PonderServer

#if canImport(Glibc)
import Glibc
#endif

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

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
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
            let server = try await PonderServer.start(
                engine: engine,
                configuration: ServerConfiguration(
                    host: host, port: port, apiKeys: keys, maxBodyBytes: maxBodyBytes, defaultPreset: defaultStrategy))
            FileHandleWriter.standardOutput("listening on http://\(host):\(server.port)\n")
            let sources = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { Task { await server.stop() } }
                source.resume()
                return source
            }
            defer { sources.forEach { $0.cancel() } }
            do {
                try await server.wait()
            } catch is CancellationError {
                // Stopped by a signal.
            }
        }
    }
}
