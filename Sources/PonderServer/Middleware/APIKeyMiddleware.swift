import Hummingbird

/// Requires `Authorization: Bearer <key>` with a configured key on every route but the probes
/// (`/healthz`, `/readyz`) and `/metrics`, and applies the key's rate limits. The key is compared,
/// never logged: the account's name stands for it downstream.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = PonderRequestContext
    let directory: ClientDirectory
    let metrics: ServerMetrics

    static let openPaths: Set<String> = ["/healthz", "/readyz", "/metrics"]

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        guard directory.requiresKey, !Self.openPaths.contains(request.uri.path) else { return try await next(request, context) }
        guard let account = directory.account(authorization: request.headers[.authorization]) else {
            return APIError.unauthorized.response
        }
        context.notes.client = account.name
        if let refusal = account.admitRequest() {
            metrics.rateLimited(client: account.name)
            return APIError.rateLimited(refusal.message, retryAfter: refusal.retryAfterSeconds).response
        }
        var context = context
        context.client = account
        return try await next(request, context)
    }
}
