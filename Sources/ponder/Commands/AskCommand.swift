import ArgumentParser
import PonderCore
import PonderEngine

/// `ponder ask "question"`: one question, answered by one request or by a strategy preset.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer one question: a single request to the policy model, or a search strategy with --strategy.")

    @Argument(help: "The question.")
    var question: String

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "A strategy preset (see `ponder strategies`); without it, one plain request is sent.")
    var strategy: String?

    @Option(help: "Sampling temperature of the plain request.")
    var temperature: Double = 0

    @Option(help: "Maximum completion tokens of the plain request.")
    var maxTokens: Int = 1024

    @Option(help: "Seed: the same seed and configuration give the same answer.")
    var seed: UInt64?

    @Option(help: "A system prompt for the plain request.")
    var system: String?

    @OptionGroup var budget: BudgetOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (0...2).contains(temperature) else { throw ValidationError("--temperature must be between 0 and 2") }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
        guard !question.isEmpty else { throw ValidationError("the question is empty") }
    }

    func run() async throws {
        let output = try await CommandErrors.reported { () async throws -> String in
            let configuration = try PonderConfiguration.resolve(endpoint.source)
            if let strategy {
                let engine = try await Engine.start(configuration: configuration)
                let solution = try await engine.solve(
                    question: question, preset: strategy, budget: try budget.budget(), seed: seed ?? 0)
                let report = SolutionReport(solution: solution, kind: engine.presets.preset(named: strategy)?.kind ?? "")
                return json ? try report.json() : report.text()
            }
            let request = AskRequest(
                question: question, system: system,
                sampling: SamplingParameters(temperature: temperature, seed: seed, maxTokens: maxTokens))
            let answer = try await request.run(on: try await EndpointRegistry.connect(configuration))
            return json ? try answer.jsonText() : answer.rendered
        }
        print(output)
    }
}
