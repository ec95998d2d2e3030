import Hummingbird

/// Requires `Authorization: Bearer <key>` with one of the configured keys on every route but
/// `/healthz`. The key is compared, never logged.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty, request.uri.path != "/healthz" else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), keys.contains(String(header.dropFirst(prefix.count))) else {
            return APIError.unauthorized.response
        }
        return try await next(request, context)
    }
}
