import PonderCore
import NIOCore
import NIOHTTP1

/// Non-streaming exchanges through `LeanHTTPClient`, with its errors mapped to `BackendError` exactly as
/// AsyncHTTPClient's are, so retries and circuit breakers see the same failures whichever client ran.
extension HTTPTransport {
    static let jsonContentType: HTTPHeaders = ["Content-Type": "application/json"]
    static let jsonRequestHeaders: HTTPHeaders = ["Content-Type": "application/json", "Accept": "application/json"]
    static let jsonAcceptHeaders: HTTPHeaders = ["Accept": "application/json"]

    /// One exchange bounded by the total timeout: the lean client's per-connection timer enforces the
    /// deadline on the wait for the head and for every byte of the body.
    func leanFetchJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, method: HTTPMethod, url: LeanURL, body: ByteBuffer?, apiKey: String?,
        timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        var headers = body == nil ? Self.jsonAcceptHeaders : Self.jsonRequestHeaders
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let request = LeanRequest(method: method, url: url, headers: headers, body: body)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeouts.total * 1e9))
        let response: LeanResponse
        do {
            response = try await lean.execute(request, deadline: deadline, responseLimit: Self.responseLimit)
        } catch {
            throw classifyLean(error, target: target, timeouts: timeouts)
        }
        try Self.checkStatus(status: Int(response.status.code), headers: response.headers, body: response.body, target: target)
        return try Self.decodeJSON(Response.self, from: response.body, target: target)
    }

    func classifyLean(_ error: any Error, target: Target, timeouts: EndpointTimeouts) -> any Error {
        if error is CancellationError || error is BackendError { return error }
        if let lean = error as? LeanHTTPError {
            switch lean {
            case .deadlineExceeded:
                return BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .total, seconds: timeouts.total)
            case .responseTooLarge:
                return BackendError.malformedResponse(
                    endpoint: target.endpoint, replica: target.replica, detail: "the body is larger than \(Self.responseLimit >> 20) MiB")
            case .connectionClosed, .shutDown, .invalidHeader, .invalidResponse:
                return BackendError.connection(endpoint: target.endpoint, replica: target.replica, detail: lean.description)
            }
        }
        if case .connectTimeout = error as? ChannelError {
            return BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .connect, seconds: connectTimeout)
        }
        return BackendError.connection(endpoint: target.endpoint, replica: target.replica, detail: "\(error)")
    }
}
