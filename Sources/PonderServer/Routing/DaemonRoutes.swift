import Hummingbird
import PonderCore
import PonderEngine

/// What each route answers. The request id, the API key and the request log are the router's
/// business (`DaemonRouter`); these see only the request's body and context.
struct DaemonRoutes: Sendable {
    /// The engine, the traces, the metrics, admission, the recorder and the redactor are the service's.
    let service: SearchService
    let chat: ChatCompletionsRoute
    let completions: CompletionsRoute
    /// `GET /v1/models`: the policy model, the presets and the route aliases, listed as created at `started`.
    let presets: [String]
    let aliases: [String]
    let started: Int
    let maxBodyBytes: Int

    func answer(_ route: DaemonRoute, body: ReceivedBody, context: PonderRequestContext) async -> DaemonResponse {
        switch route {
        case .chatCompletions:
            return await search(body) { body throws(APIError) in try await chat.respond(to: body, context: context) }
        case .completions:
            return await search(body) { body throws(APIError) in try await completions.respond(to: body, context: context) }
        case .models:
            return ModelsRoute.response(model: service.model, presets: presets, aliases: aliases, created: started)
        case .model(let id):
            return ModelsRoute.response(id: id, model: service.model, presets: presets, aliases: aliases, created: started)
        case .trace(let id):
            guard let trace = service.traces.trace(id: id, owner: context.client?.name) else {
                return APIError(status: .notFound, body: ErrorBody(message: "No recent trace with that id.", type: "invalid_request_error", param: "id")).response
            }
            return service.redactor.response(JSONBody.bytes(trace))
        case .health:
            return Self.json(status: .ok, #"{"status":"ok"}"#)
        case .readiness:
            // Ready when the policy endpoint answers /v1/models.
            let ready = (try? await service.engine.endpoints.client(for: .policy).models()) != nil
            return ready ? Self.json(status: .ok, #"{"status":"ready"}"#) : Self.json(status: .serviceUnavailable, #"{"status":"no policy endpoint reachable"}"#)
        case .metrics:
            let clients = service.engine.endpoints.clients
            let text = service.metrics.render(
                admission: service.admission.snapshot, pools: clients.map { $0.pool.snapshot() }, names: clients.map(\.name),
                recordPending: service.recorder?.pendingCount)
            return DaemonResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: .whole(ByteBuffer(string: text)))
        }
    }

    /// 413 for a body over the limit; any error as OpenAI's error response, with any key it quotes redacted.
    private func search(_ body: ReceivedBody, _ handle: (ByteBuffer) async throws(APIError) -> DaemonResponse) async -> DaemonResponse {
        guard case .bytes(let bytes) = body, bytes.readableBytes <= maxBodyBytes else {
            return APIError.tooLarge(limit: maxBodyBytes).response
        }
        do {
            return try await handle(bytes)
        } catch {
            return service.redactor.redact(error).response
        }
    }

    private static func json(status: HTTPResponse.Status, _ text: String) -> DaemonResponse {
        .json(ByteBuffer(string: text), status: status)
    }
}

/// A request's body as the server read it: its bytes, or word that it was over the limit (the bytes
/// past it are dropped as they arrive, never kept).
enum ReceivedBody: Sendable {
    case bytes(ByteBuffer)
    case overLimit
}
