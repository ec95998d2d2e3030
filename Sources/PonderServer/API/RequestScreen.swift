import Hummingbird
import PonderCore
import PonderEngine

/// What the daemon decides about a completion request before it may take a search slot (the API key,
/// the route, the body size, the body's structure and decoding, the limits, the preset), run
/// in-process on bytes: no HTTP, no search. The daemon's middleware and routes are built from its parts, so the fuzz test and
/// `ponder bench fuzz` exercise exactly what the daemon runs.
public struct RequestScreen: Sendable {
    /// What became of a request.
    public enum Verdict: Sendable, Equatable {
        /// It would be searched with this preset.
        case accepted(preset: String)
        /// It was refused with this HTTP status and OpenAI error body.
        case rejected(status: Int, message: String, param: String?)
    }

    let reader: SearchRequestReader
    let directory: ClientDirectory
    let redactor: SecretRedactor
    let maxBodyBytes: Int

    /// The screen of a daemon serving `engine`'s policy model and presets.
    public init(engine: Engine, configuration: ServerConfiguration) {
        self.init(
            model: (try? engine.endpoints.client(for: .policy))?.configuration.model ?? "",
            presets: PresetNames(engine.presets), configuration: configuration,
            upstreamKeys: engine.endpoints.clients.compactMap(\.configuration.apiKey))
    }

    /// - Parameter upstreamKeys: the model endpoints' API keys, redacted wherever the client keys are.
    public init(model: String, presets: Set<String>, configuration: ServerConfiguration, upstreamKeys: [String] = []) {
        self.init(model: model, presets: PresetNames(presets), configuration: configuration, upstreamKeys: upstreamKeys)
    }

    init(model: String, presets: PresetNames, configuration: ServerConfiguration, upstreamKeys: [String]) {
        reader = SearchRequestReader(
            limits: configuration.limits,
            resolver: RouteResolver(
                presets: presets, model: model, defaultPreset: configuration.defaultPreset, aliases: configuration.routes))
        directory = ClientDirectory(configuration.clientKeys.map { ($0.key, ClientAccount($0)) })
        redactor = SecretRedactor(configuration.clientKeys.map(\.key) + upstreamKeys)
        maxBodyBytes = configuration.maxBodyBytes
    }

    /// Screens a `POST` to `path` (a query string is ignored, as by the router). Header fields whose
    /// names HTTP does not allow are dropped, as they could never arrive.
    public func screen(path: String, headers: [(name: String, value: String)], body: [UInt8]) -> Verdict {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let name = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: name, value: value)) }
        }
        do {
            return .accepted(preset: try read(path: path, fields: fields, body: body).preset)
        } catch {
            let error = redactor.redact(error)
            return .rejected(status: error.status.code, message: error.body.error.message, param: error.body.error.param)
        }
    }

    /// In the daemon's order (`DaemonRouter`): the key, the route, the body size, the body.
    private func read(path: String, fields: HTTPFields, body: [UInt8]) throws(APIError) -> SearchRequest {
        if directory.requiresKey, directory.account(authorization: fields[.authorization]) == nil { throw APIError.unauthorized }
        let route: DaemonRoute
        switch DaemonRoute.match(method: .POST, target: path) {
        case .route(let found): route = found
        case .wrongMethod(let found): throw APIError.methodNotAllowed(.POST, route: found)
        case .unknown: throw APIError.unknownPath(.POST)
        }
        guard body.count <= maxBodyBytes else { throw APIError.tooLarge(limit: maxBodyBytes) }
        let buffer = ByteBuffer(bytes: body)
        return route == .chatCompletions ? try reader.chat(buffer) : try reader.completion(buffer)
    }
}
