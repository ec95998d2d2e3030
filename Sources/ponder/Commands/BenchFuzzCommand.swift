import ArgumentParser
import PonderBench
import PonderEngine
import PonderServer

import class FoundationEssentials.JSONEncoder

/// `ponder bench fuzz`: generated hostile requests through the daemon's request screen, in-process.
struct BenchFuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Hostile requests through the daemon's decoding and validation, in-process: no crash, every refusal a 4xx with a message.",
        discussion: """
            Generates chat and text completion requests from a seed (valid bodies and mutations of them: wrong \
            types, edge numbers, deep nesting, truncated JSON, random bytes, duplicate keys, bad `ponder` objects, \
            sizes at and past each limit, odd headers) and runs each through what `ponder serve` checks before a \
            search: the API key, the body size, decoding, the request limits, the preset. A failure is a refusal \
            that is not a 4xx or has no message, a 401 given or withheld wrongly, or a case slower than 2 s. The \
            body and content limits are scaled down (64 KiB, 8 KiB) so cases at and past them stay cheap; every \
            other limit is the default. Exits 1 when any case failed.
            """)

    @Option(help: "Cases to generate.")
    var cases = 1_000_000

    @Option(help: "Seed of the generator; a failure replays with the same seed.")
    var seed: UInt64 = 1

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be positive") }
    }

    func run() throws {
        guard let folder = ResourceLocator.folder("Strategies") else { throw ValidationError("presets folder not found; set PONDER_HOME") }
        let presets = try PresetLibrary.load(directory: folder).presets.map(\.name)
        let key = "sk-fuzz-0123456789"
        var server = ServerConfiguration(clientKeys: [.init(name: "fuzz", key: key)], maxBodyBytes: 64 << 10, routes: ["careful": "best-of-4"])
        server.limits.maxContentBytes = 8 << 10
        let screen = RequestScreen(model: "sim-reasoner", presets: Set(presets), configuration: server)
        let target = FuzzRequestGenerator.Target(
            validKey: key, model: "sim-reasoner", strategies: presets + ["careful", "no-such-preset"],
            maxBodyBytes: server.maxBodyBytes, maxMessages: server.limits.maxMessages,
            maxContentBytes: server.limits.maxContentBytes, maxNestingDepth: server.limits.maxNestingDepth,
            maxModelIDBytes: server.limits.maxModelIDBytes, maxStopSequences: server.limits.maxStopSequences,
            maxStopSequenceBytes: server.limits.maxStopSequenceBytes)
        let report = FuzzRun.run(cases: cases, seed: seed, target: target) { request in
            switch screen.screen(path: request.path, headers: request.headers, body: request.body) {
            case .accepted: .accepted
            case .rejected(let status, let message, _): .rejected(status: status, message: message)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if report.failureCount > 0 { throw ExitCode.failure }
    }
}
