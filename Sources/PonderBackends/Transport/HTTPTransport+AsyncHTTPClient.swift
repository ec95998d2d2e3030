import PonderCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Exchanges through AsyncHTTPClient: streams, `https://` URLs, and every call when
/// `PONDER_HTTP_CLIENT=ahc`.
extension HTTPTransport {
    /// One non-streaming exchange. The total deadline bounds the wait for the head (AsyncHTTPClient
    /// enforces it) and is checked again as each body chunk arrives, so a trickling body is cut off;
    /// no timer task is needed.
    func fetchJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, request: HTTPClientRequest, timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        let deadline = timeouts.totalDeadlineFromNow
        let response = try await execute(request, deadline: deadline, target: target, seconds: timeouts.total)
        let bytes = try await collect(response.body, deadline: deadline, timeouts: timeouts, target: target)
        try Self.checkStatus(status: Int(response.status.code), headers: response.headers, body: bytes, target: target)
        return try Self.decodeJSON(Response.self, from: bytes, target: target)
    }

    func makeRequest(url: String, body: ByteBuffer, apiKey: String?, accept: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: accept)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(body)
        return request
    }

    func execute(
        _ request: HTTPClientRequest, deadline: NIODeadline, target: Target,
        headTimeout: BackendError.TimeoutKind = .total, seconds: Double
    ) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, deadline: deadline)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: headTimeout, seconds: seconds)
        } catch {
            throw Self.classify(error, target: target, timeouts: nil)
        }
    }

    /// Gathers a whole body, up to `responseLimit` (a larger one is treated as malformed rather than buffered).
    func collect(
        _ body: HTTPClientResponse.Body, deadline: NIODeadline? = nil, timeouts: EndpointTimeouts? = nil, target: Target
    ) async throws -> ByteBuffer {
        var collected: ByteBuffer?
        do {
            for try await var chunk in body {
                if let deadline, NIODeadline.now() > deadline {
                    throw BackendError.timeout(
                        endpoint: target.endpoint, replica: target.replica, kind: .total, seconds: timeouts?.total ?? 0)
                }
                if collected == nil {
                    collected = chunk
                } else {
                    collected!.writeBuffer(&chunk)
                }
                if collected!.readableBytes > Self.responseLimit {
                    throw BackendError.malformedResponse(
                        endpoint: target.endpoint, replica: target.replica,
                        detail: "the body is larger than \(Self.responseLimit >> 20) MiB")
                }
            }
        } catch let error as BackendError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error, target: target, timeouts: timeouts)
        }
        return collected ?? ByteBuffer()
    }

    static func classify(_ error: any Error, target: Target, timeouts: EndpointTimeouts?) -> any Error {
        if error is CancellationError || error is BackendError { return error }
        if let http = error as? HTTPClientError {
            if http == .connectTimeout {
                return BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .connect, seconds: 0)
            }
            if http == .readTimeout {
                return BackendError.timeout(
                    endpoint: target.endpoint, replica: target.replica, kind: .idle, seconds: timeouts?.idle ?? 0)
            }
            if http == .cancelled { return CancellationError() }
        }
        return BackendError.connection(endpoint: target.endpoint, replica: target.replica, detail: "\(error)")
    }
}
