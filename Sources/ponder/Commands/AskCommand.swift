import ArgumentParser
import PonderCore
import PonderEngine

/// `ponder ask "question"`: one request to the policy model; prints the answer and its usage.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Send one question to the policy model and print the answer and its usage.")

    @Argument(help: "The question.")
    var question: String

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Sampling temperature.")
    var temperature: Double = 0

    @Option(help: "Maximum completion tokens.")
    var maxTokens: Int = 1024

    @Option(help: "Sampling seed.")
    var seed: UInt64?

    @Option(help: "A system prompt.")
    var system: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (0...2).contains(temperature) else { throw ValidationError("--temperature must be between 0 and 2") }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
        guard !question.isEmpty else { throw ValidationError("the question is empty") }
    }

    func run() async throws {
        let request = AskRequest(
            question: question, system: system,
            sampling: SamplingParameters(temperature: temperature, seed: seed, maxTokens: maxTokens))
        let answer = try await CommandErrors.reported {
            let registry = try await EndpointRegistry.connect(try PonderConfiguration.resolve(endpoint.source))
            return try await request.run(on: registry)
        }
        print(json ? try answer.jsonText() : answer.rendered)
    }
}
