import PonderBackends

import class Foundation.ProcessInfo

extension PonderConfiguration {
    /// What the command line said about endpoints: `--config FILE`, or `--endpoint URL` (repeatable).
    public struct Source: Sendable {
        public var configFile: String?
        public var endpointURLs: [String]
        public var model: String?
        public var apiKeyEnvironmentVariable: String?

        public init(configFile: String?, endpointURLs: [String], model: String?, apiKeyEnvironmentVariable: String?) {
            self.configFile = configFile
            self.endpointURLs = endpointURLs
            self.model = model
            self.apiKeyEnvironmentVariable = apiKeyEnvironmentVariable
        }
    }

    public struct SourceError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Builds the configuration a command asked for, with a clear error when it asked for nothing or
    /// for two things at once.
    public static func resolve(
        _ source: Source, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PonderConfiguration {
        switch (source.configFile, source.endpointURLs.isEmpty) {
        case (.some, false):
            throw SourceError(description: "give either --config or --endpoint, not both")
        case (.some(let file), true):
            var configuration = try load(file: file, environment: environment)
            if let model = source.model {
                guard let index = configuration.endpoints.firstIndex(where: { $0.roles.contains(.policy) }) else {
                    throw SourceError(description: "\(file): no endpoint has the role 'policy' to apply --model to")
                }
                configuration.endpoints[index].model = model
            }
            return configuration
        case (.none, true):
            throw SourceError(description: "no model server given: pass --endpoint URL (an OpenAI-compatible server) or --config FILE")
        case (.none, false):
            var key: String?
            if let variable = source.apiKeyEnvironmentVariable {
                guard let value = environment[variable], !value.isEmpty else {
                    throw SourceError(description: "--api-key-env: environment variable '\(variable)' is not set")
                }
                key = value
            }
            return try singleEndpoint(urls: source.endpointURLs, model: source.model, apiKey: key)
        }
    }
}
