import ArgumentParser
import PonderEngine
import PonderSim

/// `--sim` and its settings: run against the simulated model started in-process instead of endpoints.
struct EmbeddedSimOptions: ParsableArguments {
    @Flag(help: "Start the simulated reasoning model in-process and run against it (instead of --endpoint/--config).")
    var sim = false

    @Option(help: "Seed of the embedded sim (with --sim).")
    var simSeed: UInt64 = 0

    @Option(help: "Decode speed of the embedded sim in tokens/s per request, 0 = instant (with --sim).")
    var simTokensPerSecond: Double = 0

    @Option(help: "Noise σ of the embedded sim's process reward model; larger is a weaker verifier (with --sim).")
    var simPrmNoise: Double = SimConfiguration().prmNoise

    func validate(endpoint: EndpointOptions) throws {
        if sim, !endpoint.endpoints.isEmpty || endpoint.config != nil {
            throw ValidationError("--sim runs against the embedded sim: give it without --endpoint or --config")
        }
        guard simTokensPerSecond >= 0 else { throw ValidationError("--sim-tokens-per-second must not be negative") }
        guard simPrmNoise >= 0, simPrmNoise.isFinite else { throw ValidationError("--sim-prm-noise must be a non-negative number") }
    }

    /// Starts the engine over the sim (started here and stopped after `body`) or over the endpoints.
    func withEngine<T: Sendable>(endpoint: EndpointOptions, _ body: (Engine) async throws -> T) async throws -> T {
        guard sim else {
            return try await body(try await Engine.start(configuration: try PonderConfiguration.resolve(endpoint.source)))
        }
        var configuration = SimConfiguration(seed: simSeed, tokensPerSecond: simTokensPerSecond)
        configuration.prmNoise = simPrmNoise
        let running = try await SimServer.start(configuration)
        do {
            let engine = try await Engine.start(
                configuration: try PonderConfiguration.singleEndpoint(urls: [running.baseURL], model: endpoint.model))
            let result = try await body(engine)
            await running.stop()
            return result
        } catch {
            await running.stop()
            throw error
        }
    }
}
