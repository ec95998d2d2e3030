import PonderCore
import NIOCore
import NIOHTTP1

/// A URL that JSON is posted to call after call (one API route of one replica), prepared once: for the
/// lean client, its route with the head written and the pool found; for anything else, the URL as
/// AsyncHTTPClient takes it.
public struct JSONPostTarget: Sendable {
    public let url: String
    /// nil: AsyncHTTPClient carries the calls. A failure: a header would split the request, and every
    /// call fails with it, as it would have when sent.
    let route: Result<LeanRoute, LeanHTTPError>?
}

extension HTTPTransport {
    public func jsonPostTarget(url: String, apiKey: String?) -> JSONPostTarget {
        guard nonStreamingClient == .lean, let leanURL = LeanURL(url) else { return JSONPostTarget(url: url, route: nil) }
        let headers = Self.jsonHeaders(hasBody: true, apiKey: apiKey)
        let route = Result { () throws(LeanHTTPError) in try lean.route(method: .POST, url: leanURL, headers: headers) }
        return JSONPostTarget(url: url, route: route)
    }

    /// POSTs a JSON body to a prepared target and decodes the JSON answer, as `postJSON(_:url:…)`.
    func postJSON<Response: Decodable & Sendable>(
        _ responseType: Response.Type, to destination: JSONPostTarget, body: [UInt8], apiKey: String?,
        timeouts: EndpointTimeouts, target: Target
    ) async throws -> Response {
        guard let route = destination.route else {
            return try await postJSONThroughAsyncHTTPClient(
                Response.self, url: destination.url, body: ByteBuffer(bytes: body), apiKey: apiKey, timeouts: timeouts, target: target)
        }
        let response = try await leanExchange(timeouts: timeouts, target: target) { deadline in
            try await lean.execute(route.get(), body: body, deadline: deadline, responseLimit: Self.responseLimit)
        }
        return try Self.decodeLean(Response.self, response, target: target)
    }
}
