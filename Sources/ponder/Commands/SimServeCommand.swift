import ArgumentParser
import Foundation
import PonderSim

/// `ponder sim serve`: parses options into a `SimConfiguration` and runs `SimServer` in the foreground.
struct SimServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulated reasoning model (OpenAI chat/completions, /v1/score, /v1/qvalue, /sim/stats).",
        discussion: """
            Prints "listening on http://HOST:PORT" once ready and runs until SIGINT or SIGTERM.
            The process reward model separates right from wrong steps with AUROC = Φ(√2·2/σ), σ = --prm-noise \
            (σ=1: 0.998, σ=2: 0.92, σ=3: 0.83).
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks a free one.") var port = 0
    @Option(help: "The model id served; requests naming another model get 404.") var modelName = "sim-reasoner"
    @Option(help: "Seed of sampling without a request seed, scoring noise, faults and response ids.") var seed: UInt64 = 0
    @Option(help: "Decode speed per request slot in tokens/s (0 = instant).") var tokensPerSecond: Double = 0
    @Option(help: "Prefill speed for uncached prompt tokens in tokens/s (0 = instant).") var promptTokensPerSecond: Double = 0
    @Option(help: "Requests served at once, FIFO queue beyond (0 = unlimited).") var maxConcurrency = 0
    @Option(
        help: "σ of the PRM's logit noise; AUROC(right vs wrong steps) = Φ(√2·2/σ), e.g. 0.998 at 1, 0.83 at 3.")
    var prmNoise: Double = 1.0
    @Option(help: "σ of the Q-value model's logit noise.") var qvalueNoise: Double = 0.5
    @Option(help: "Probability that a generation or scoring request gets a fault.") var faultRate: Double = 0
    @Option(help: "Fault kinds to draw from: 500,429,429-retry-after,reset,malformed,stall,stall-mid-stream,slow-stream (default all).")
    var faults = SimFaultKind.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Retry-After seconds of the 429-retry-after fault.") var retryAfter = 1
    @Option(help: "Seconds the stall fault withholds the response.") var stallSeconds: Double = 30
    @Option(help: "Seconds between pieces of a slow-stream body.") var slowStreamInterval: Double = 0.2
    @Option(help: "Reject requests with n above this with HTTP 400 (llama.cpp's slot cap).") var maxN: Int?
    @Flag(help: "Emulate llama.cpp: usage counts the first choice only; responses carry timings.")
    var usageFirstChoiceOnly = false
    @Option(help: "Blocks of 16 tokens the prefix cache keeps.") var prefixCacheBlocks = 200_000
    @Option(help: "owned_by in /v1/models; 'llamacpp' makes clients treat the sim as llama.cpp (with --max-n and --usage-first-choice-only, its quirks).")
    var ownedBy = "ponder-sim"

    func validate() throws {
        guard SimFaultKind.parseList(faults) != nil else {
            throw ValidationError("unknown fault kind in --faults \(faults)")
        }
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be in 0...1") }
    }

    func run() async throws {
        let configuration = SimConfiguration(
            host: host, port: port, modelName: modelName, modelOwner: ownedBy, seed: seed, tokensPerSecond: tokensPerSecond,
            promptTokensPerSecond: promptTokensPerSecond, maxConcurrency: maxConcurrency, prmNoise: prmNoise,
            qvalueNoise: qvalueNoise, faultRate: faultRate, faults: SimFaultKind.parseList(faults) ?? [],
            retryAfterSeconds: retryAfter, stallSeconds: stallSeconds, slowStreamInterval: slowStreamInterval,
            maxN: maxN, usageFirstChoiceOnly: usageFirstChoiceOnly, prefixCacheBlocks: prefixCacheBlocks)
        let host = self.host
        try await SimServer.run(configuration) { port in
            // Unbuffered write to fd 1: the line is out before anyone waits for it.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }
    }
}
