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
        let request = LeanRequest(method: method, url: url, headers: Self.jsonHeaders(hasBody: body != nil, apiKey: apiKey), body: body)
        let response = try await leanExchange(timeouts: timeouts, target: target) { deadline in
            try await lean.execute(request, deadline: deadline, responseLimit: Self.responseLimit)
        }
        return try Self.decodeLean(Response.self, response, target: target)
    }

    /// One exchange by the lean client within the total timeout, its failures mapped to `BackendError`.
    /// Neither generic nor holding a decoded value, its async frame stays small.
    func leanExchange(
        timeouts: EndpointTimeouts, target: Target, _ send: (NIODeadline) async throws -> LeanResponse
    ) async throws -> LeanResponse {
        do {
            return try await send(timeouts.totalDeadlineFromNow)
        } catch {
            throw classifyLean(error, target: target, timeouts: timeouts)
        }
    }

    /// The JSON headers of a request, with the API key when there is one.
    static func jsonHeaders(hasBody: Bool, apiKey: String?) -> HTTPHeaders {
        var headers = hasBody ? jsonRequestHeaders : jsonAcceptHeaders
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return headers
    }

    /// Status check and decoding, out of line: the decoder's temporaries then live on the thread's stack,
    /// not in the caller's async frame.
    @inline(never)
    static func decodeLean<Response: Decodable>(_ type: Response.Type, _ response: LeanResponse, target: Target) throws -> Response {
        try checkStatus(status: Int(response.status.code), headers: response.headers, body: response.body, target: target)
        return try decodeJSON(Response.self, from: response.body, target: target)
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
