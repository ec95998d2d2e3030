import PonderCore
import NIOCore

/// JSON POSTs made as calls of a `LeanBatch`, each with exactly the outcome `postJSON` would have had.
extension HTTPTransport {
    /// Starts a POST of `body` to `destination` in slot `slot` of `batch`. The destination must be the
    /// lean client's (`isLean`).
    func startJSON(to destination: JSONPostTarget, body: [UInt8], timeouts: EndpointTimeouts, in batch: LeanBatch, slot: Int) {
        switch destination.route {
        case .success(let route)?:
            lean.start(
                route, body: body, deadline: timeouts.totalDeadlineFromNow,
                responseLimit: Self.responseLimit, in: batch, slot: slot)
        case .failure(let error)?:
            batch.fail(slot: slot, with: error)
        case nil:
            preconditionFailure("startJSON needs a destination of the lean client")
        }
    }

    /// The decoded answer of a call of a batch, or the error `postJSON` would have thrown.
    func decodeBatched<Response: Decodable>(
        _ type: Response.Type, _ result: Result<LeanResponse, any Error>, timeouts: EndpointTimeouts, target: Target
    ) throws -> Response {
        switch result {
        case .success(let response): return try Self.decodeLean(Response.self, response, target: target)
        case .failure(let error): throw classifyLean(error, target: target, timeouts: timeouts)
        }
    }
}

extension JSONPostTarget {
    /// Carried by the lean client (so it can be a call of a `LeanBatch`).
    var isLean: Bool { route != nil }
}
