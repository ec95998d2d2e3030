import ArgumentParser
import PonderEngine

/// The flags every command that talks to model servers shares.
struct EndpointOptions: ParsableArguments {
    @Option(name: .customLong("endpoint"), help: ArgumentHelp(
        "Base URL of an OpenAI-compatible server used for every role (with or without /v1). Repeat for replicas of one model.",
        valueName: "url"))
    var endpoints: [String] = []

    @Option(help: ArgumentHelp("A Ponder configuration file (YAML) listing endpoints and their roles.", valueName: "file"))
    var config: String?

    @Option(help: "Model id to request (default: the first model the server lists).")
    var model: String?

    @Option(help: ArgumentHelp("Environment variable holding the API key for --endpoint servers.", valueName: "name"))
    var apiKeyEnv: String?

    var source: PonderConfiguration.Source {
        .init(configFile: config, endpointURLs: endpoints, model: model, apiKeyEnvironmentVariable: apiKeyEnv)
    }
}
