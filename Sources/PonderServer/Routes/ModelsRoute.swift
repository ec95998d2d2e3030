import Hummingbird
import PonderCore

/// `GET /v1/models`: the policy model, and each preset applied to it as `PRESET/MODEL`.
enum ModelsRoute {
    static func response(model: String, presets: [String]) -> Response {
        let list = ModelList(data: [.init(id: model, ownedBy: "ponder")] + presets.map { .init(id: "\($0)/\(model)", ownedBy: "ponder") })
        return JSONBody.response(list)
    }
}
