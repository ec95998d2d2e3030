import PonderCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The floors that `ponder bench client` compares Ponder's own client path against: one POST of a chat
/// request and a full read of the answer, with no routing, retries, metering or decoding.
extension HTTPTransport {
    /// The bare exchange through AsyncHTTPClient.
    @discardableResult
    public func bareExchange(url: String, body: ChatCompletionRequest) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(RequestBodies.chat(body))
        let response = try await client.execute(request, timeout: .seconds(60))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    /// The same bytes through the lean client (`url` must be `http://`).
    @discardableResult
    public func leanBareExchange(url: String, body: ChatCompletionRequest) async throws -> Int {
        guard let leanURL = LeanURL(url) else {
            throw BackendError.connection(endpoint: "bench", replica: url, detail: "the lean client takes only plain http:// URLs")
        }
        let request = LeanRequest(
            method: .POST, url: leanURL, headers: Self.jsonContentType, body: ByteBuffer(bytes: RequestBodies.chat(body)))
        let response = try await lean.execute(request, deadline: .now() + .seconds(60), responseLimit: 1 << 20)
        return Int(response.status.code)
    }
}
