import HTTPTypes
import Hummingbird

/// A response as the daemon's routes make it: a status, its few header fields, and a body that is
/// either whole or streamed.
///
/// A whole body goes out in the same buffer as its head; `Date` and `X-Request-Id` are written straight
/// into the head. (Hummingbird's `Response` keeps its fields in `HTTPFields`, a copy-on-write store
/// with an index, and hands even a whole body over through a closure and an async writer.)
struct DaemonResponse: Sendable {
    var status: HTTPResponse.Status
    /// `Content-Type`, when there is a body.
    var contentType: String?
    /// Any other fields (`Retry-After`, `Allow`, `Cache-Control`).
    var fields: [HTTPField] = []
    var body: Body
    /// Sent as `X-Request-Id`; set by the router.
    var requestID: String?

    enum Body: Sendable {
        case whole(ByteBuffer)
        /// Written piece by piece as it is made (server-sent events), with no length up front.
        case stream(ResponseBody)
    }

    init(status: HTTPResponse.Status, contentType: String? = nil, fields: [HTTPField] = [], body: Body) {
        self.status = status
        self.contentType = contentType
        self.fields = fields
        self.body = body
    }

    /// A whole JSON body.
    static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> DaemonResponse {
        DaemonResponse(status: status, contentType: "application/json", body: .whole(body))
    }

    /// The same response as Hummingbird's type.
    var hummingbird: Response {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        headers.append(contentsOf: fields)
        if let requestID { headers[RequestLog.headerField] = requestID }
        switch body {
        case .whole(let buffer): return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
        case .stream(let body): return Response(status: status, headers: headers, body: body)
        }
    }
}
