/// Requires `Authorization: Bearer <key>` with a configured key on every route but the probes
/// (`/healthz`, `/readyz`) and `/metrics`, and applies the key's rate limits. The key is compared,
/// never logged: the account's name stands for it downstream.
struct APIKeyCheck: Sendable {
    let directory: ClientDirectory
    let metrics: ServerMetrics

    enum Verdict {
        /// The account the key belongs to; nil when the server requires no key or the route is open.
        case admitted(ClientAccount?)
        case refused(APIError)
    }

    /// `open`: the route needs no key (an unknown path needs one, so it answers 401 before 404 and
    /// tells a client without a key nothing about the routes).
    func check(authorization: String?, open: Bool) -> Verdict {
        guard directory.requiresKey, !open else { return .admitted(nil) }
        guard let account = directory.account(authorization: authorization) else { return .refused(.unauthorized) }
        if let refusal = account.admitRequest() {
            metrics.rateLimited(client: account.name)
            return .refused(.rateLimited(refusal.message, retryAfter: refusal.retryAfterSeconds))
        }
        return .admitted(account)
    }
}
