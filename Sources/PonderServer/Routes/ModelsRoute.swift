import Hummingbird
import PonderCore

/// `GET /v1/models`: the policy model, each preset applied to it as `PRESET/MODEL`, and the
/// configured route aliases.
enum ModelsRoute {
    /// `created` is when the daemon started: its models and presets exist from then.
    static func response(model: String, presets: [String], aliases: [String] = [], created: Int) -> DaemonResponse {
        let list = ModelList(
            data: [.init(id: model, created: created, ownedBy: "ponder")]
                + presets.map { .init(id: "\($0)/\(model)", created: created, ownedBy: "ponder") }
                + aliases.map { .init(id: $0, created: created, ownedBy: "ponder") })
        return JSONBody.response(list)
    }
}
