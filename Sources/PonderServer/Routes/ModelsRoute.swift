import Hummingbird
import PonderCore

/// `GET /v1/models`: the policy model, each preset applied to it as `PRESET/MODEL`, and the
/// configured route aliases.
enum ModelsRoute {
    /// `created` is when the daemon started: its models and presets exist from then.
    static func response(model: String, presets: [String], aliases: [String] = [], created: Int) -> DaemonResponse {
        JSONBody.response(list(model: model, presets: presets, aliases: aliases, created: created))
    }

    /// `GET /v1/models/{id}`: one of the listed models, or a 404 (the id is not echoed: it is the client's text).
    static func response(id: String, model: String, presets: [String], aliases: [String] = [], created: Int) -> DaemonResponse {
        guard let found = list(model: model, presets: presets, aliases: aliases, created: created).data.first(where: { $0.id == id }) else {
            return APIError.notFound("No model with that id; GET /v1/models lists them.", param: "model").response
        }
        return JSONBody.response(found)
    }

    private static func list(model: String, presets: [String], aliases: [String], created: Int) -> ModelList {
        ModelList(
            data: [.init(id: model, created: created, ownedBy: "ponder")]
                + presets.map { .init(id: "\($0)/\(model)", created: created, ownedBy: "ponder") }
                + aliases.map { .init(id: $0, created: created, ownedBy: "ponder") })
    }
}
