import Hummingbird
import PonderCore

/// `GET /v1/models`: the policy model, each preset applied to it as `PRESET/MODEL`, and the
/// configured route aliases.
enum ModelsRoute {
    static func response(model: String, presets: [String], aliases: [String] = []) -> Response {
        let list = ModelList(
            data: [.init(id: model, ownedBy: "ponder")] + presets.map { .init(id: "\($0)/\(model)", ownedBy: "ponder") }
                + aliases.map { .init(id: $0, ownedBy: "ponder") })
        return JSONBody.response(list)
    }
}
