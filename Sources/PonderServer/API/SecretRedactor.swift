import Hummingbird

/// The secrets the daemon holds — the client API keys it accepts and the model endpoints' own keys —
/// and their removal from what it sends or logs that can carry text from elsewhere: error messages
/// (an upstream may quote the key it was sent; a client may have pasted a key into a field that is
/// echoed), traces, and client-chosen request ids.
struct SecretRedactor: Sendable {
    static let marker = "[redacted]"
    /// Longest first, so a key that contains another is removed whole.
    private let secrets: [String]

    init(_ secrets: [String]) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.utf8.count > $1.utf8.count }
    }

    func containsSecret(_ text: some StringProtocol) -> Bool {
        secrets.contains { text.contains($0) }
    }

    func redact(_ text: String) -> String {
        guard containsSecret(text) else { return text }
        var text = text
        for secret in secrets where text.contains(secret) { text = text.replacing(secret, with: Self.marker) }
        return text
    }

    func redact(_ error: APIError) -> APIError {
        guard containsSecret(error.body.error.message) || containsSecret(error.body.error.param ?? "") else { return error }
        var error = error
        error.body.error.message = redact(error.body.error.message)
        error.body.error.param = error.body.error.param.map(redact)
        return error
    }

    /// A JSON response of `body` with any key in it redacted (a trace holds model text, which may quote anything).
    func response(_ body: ByteBuffer) -> DaemonResponse {
        .json(redacted(body))
    }

    /// `response` with any key in its whole body redacted: an answer is model text, and a model may
    /// repeat a key it was shown. With no keys configured this costs nothing.
    func redacting(_ response: DaemonResponse) -> DaemonResponse {
        guard !secrets.isEmpty, case .whole(let body) = response.body else { return response }
        var response = response
        response.body = .whole(redacted(body))
        return response
    }

    private func redacted(_ body: ByteBuffer) -> ByteBuffer {
        guard !secrets.isEmpty else { return body }
        let text = String(buffer: body)
        return containsSecret(text) ? ByteBuffer(string: redact(text)) : body
    }
}
