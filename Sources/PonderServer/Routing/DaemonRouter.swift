import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import PonderCore

/// The daemon's front door: each request gets its id, its API key checked and its route's answer (404
/// for an unknown path, 405 for a method the path does not take, both in OpenAI's error shape), and
/// once the answer is made, one log line and the request metrics.
///
/// One plain function from the request to its response. Hummingbird's router and middleware chain
/// cost about 26 hops between async functions per request, and its request body was read back through
/// an async sequence; here the body the connection gathered is handed over as it is.
struct DaemonRouter: RequestAnswering {
    let routes: DaemonRoutes
    let log: RequestLog
    let keys: APIKeyCheck

    func answer(head: HTTPRequestHead, body: ReceivedBody, context: PonderRequestContext) async -> DaemonResponse {
        var context = context
        let id = log.id(for: head.headers)
        context.requestID = id
        let started = ContinuousClock.now
        let match = DaemonRoute.match(method: head.method, target: head.uri)
        var response: DaemonResponse
        switch keys.check(authorization: head.headers.combinedValue(of: "authorization"), open: Self.isOpen(match)) {
        case .refused(let error):
            response = error.response
        case .admitted(let account):
            context.client = account
            switch match {
            case .route(let route): response = await routes.answer(route, body: body, context: context)
            case .wrongMethod(let route): response = APIError.methodNotAllowed(head.method, route: route).response
            case .unknown: response = APIError.unknownPath(head.method).response
            }
        }
        response.requestID = id
        let label =
            switch match {
            case .route(let route), .wrongMethod(let route): route.label
            case .unknown: "other"
            }
        log.answered(
            id: id, method: head.method, route: label, status: response.status.code, strategy: context.notes.strategy,
            client: context.client?.name, failure: context.notes.failure, elapsed: ContinuousClock.now - started)
        return response
    }

    /// The probes and the metrics need no key.
    private static func isOpen(_ match: DaemonRoute.Match) -> Bool {
        switch match {
        case .route(.health), .route(.readiness), .route(.metrics): true
        default: false
        }
    }
}

extension DaemonRouter: HTTPResponder {
    typealias Context = BasicRequestContext

    /// For a server that hands over Hummingbird requests (the daemon's own connections call `answer` directly).
    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let body: ReceivedBody
        do {
            body = .bytes(try await request.body.collect(upTo: routes.maxBodyBytes))
        } catch {
            body = .overLimit
        }
        let head = HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: request.method.rawValue), uri: request.head.path ?? "/",
            headers: HTTPHeaders(request.headers.map { ($0.name.rawName, $0.value) }))
        return await answer(head: head, body: body, context: PonderRequestContext()).hummingbird
    }
}
