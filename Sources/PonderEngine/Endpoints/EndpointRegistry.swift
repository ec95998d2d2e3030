import PonderBackends
import PonderCore

/// The live clients of every configured endpoint, looked up by name or role.
///
/// An endpoint configured without a model id (the `--endpoint URL` shortcut) learns it from the
/// server's `GET /v1/models` when the registry is built.
public final class EndpointRegistry: Sendable {
    public let clients: [EndpointClient]

    public struct NoEndpoint: Error, CustomStringConvertible {
        public let role: EndpointRole
        public var description: String { "no configured endpoint has the role '\(role.rawValue)'" }
    }

    public struct NoModel: Error, CustomStringConvertible {
        public let endpoint: String
        public var description: String {
            "endpoint '\(endpoint)' lists no model at /v1/models; name one with --model"
        }
    }

    private init(clients: [EndpointClient]) {
        self.clients = clients
    }

    public static func connect(
        _ configuration: PonderConfiguration, transport: HTTPTransport = .shared
    ) async throws -> EndpointRegistry {
        var clients: [EndpointClient] = []
        for var endpoint in configuration.endpoints {
            if endpoint.model.isEmpty {
                let probe = EndpointClient(configuration: endpoint, transport: transport)
                guard let first = try await probe.models().data.first?.id else { throw NoModel(endpoint: endpoint.name) }
                endpoint.model = first
            }
            clients.append(EndpointClient(configuration: endpoint, transport: transport))
        }
        return EndpointRegistry(clients: clients)
    }

    public func client(named name: String) -> EndpointClient? {
        clients.first { $0.name == name }
    }

    public func client(for role: EndpointRole) throws -> EndpointClient {
        guard let client = clients.first(where: { $0.configuration.roles.contains(role) }) else {
            throw NoEndpoint(role: role)
        }
        return client
    }
}
