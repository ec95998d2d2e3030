import PonderBackends

/// Everything a Ponder process is configured with: the model endpoints, and how the daemon serves them.
///
/// Read from YAML (see `Configs/ponder.yaml`) with `PonderConfiguration.load(file:)`, or built from
/// one or more `--endpoint URL` flags with `PonderConfiguration.singleEndpoint`.
public struct PonderConfiguration: Sendable {
    public var endpoints: [EndpointConfiguration]
    public var server: ServerSection

    public init(endpoints: [EndpointConfiguration], server: ServerSection = ServerSection()) {
        self.endpoints = endpoints
        self.server = server
    }

    /// One OpenAI-compatible server (several URLs: replicas of one model) serving every role.
    ///
    /// - Parameter model: the model id to send; nil to ask the server (`GET /v1/models`) later.
    public static func singleEndpoint(
        urls: [String], model: String?, apiKey: String? = nil
    ) throws -> PonderConfiguration {
        let replicas = try urls.map(BaseURL.normalize)
        return PonderConfiguration(endpoints: [
            EndpointConfiguration(
                name: "default", model: model ?? "", replicas: replicas,
                roles: Set(EndpointRole.allCases), apiKey: apiKey)
        ])
    }

    /// The first endpoint that serves `role`.
    public func endpoint(for role: EndpointRole) -> EndpointConfiguration? {
        endpoints.first { $0.roles.contains(role) }
    }
}
