import HTTPTypes
import NIOHTTP1

extension HTTPRequest {
    /// The request of an HTTP/1 head, as Hummingbird's router sees it: the first `Host` header becomes
    /// the authority, the target is the path as sent (origin form; any other form is passed on whole and
    /// matches no route), and header lines whose names are not valid tokens are dropped.
    init(http1Head head: HTTPRequestHead) {
        var fields = HTTPFields()
        fields.reserveCapacity(head.headers.count)
        var authority: String?
        for (name, value) in head.headers {
            if authority == nil, name.utf8.count == 4, name.lowercased() == "host" {
                authority = value
                continue
            }
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        self.init(
            method: HTTPRequest.Method(head.method.rawValue) ?? .get, scheme: "http", authority: authority, path: head.uri,
            headerFields: fields)
    }
}

extension HTTPHeaders {
    /// HTTP/1 header lines for `fields`, in order.
    init(fields: HTTPFields) {
        self.init()
        reserveCapacity(fields.count)
        for field in fields { add(name: field.name.rawName, value: field.value) }
    }
}
