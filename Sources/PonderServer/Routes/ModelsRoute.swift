import Hummingbird
import PonderCore

import class FoundationEssentials.JSONEncoder

/// `GET /v1/models`: the policy model, and each preset applied to it as `PRESET/MODEL`.
enum ModelsRoute {
    static func response(model: String, presets: [String]) -> Response {
        let list = ModelList(data: [.init(id: model, ownedBy: "ponder")] + presets.map { .init(id: "\($0)/\(model)", ownedBy: "ponder") })
        let bytes = (try? JSONEncoder().encode(list)).map { Array($0) } ?? []
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
