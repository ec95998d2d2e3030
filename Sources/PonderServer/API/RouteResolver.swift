/// Decides which preset serves a request, in order: the `ponder.strategy` field, optillm's
/// `optillm_approach`, a model id of the form `PRESET/MODEL` or a route alias from the config, else
/// the server's default.
///
/// A client never names an upstream: the model part must be the configured policy model (or empty).
struct RouteResolver: Sendable {
    let presets: PresetNames
    let model: String
    let defaultPreset: String
    /// Route aliases from the config: model id → preset.
    var aliases: [String: String] = [:]

    /// optillm's approach names that map onto Ponder presets.
    static let optillmApproaches: [String: String] = [
        "bon": "best-of-4", "self_consistency": "self-consistency", "mcts": "mcts-q", "none": "single",
    ]

    func preset(model requested: String, strategy: String?, optillmApproach: String?) throws(APIError) -> String {
        var modelPart = requested
        var fromModel: String?
        if let slash = requested.utf8.firstIndex(of: UInt8(ascii: "/")), presets.contains(String(requested[..<slash])) {
            fromModel = String(requested[..<slash])
            modelPart = String(requested[requested.index(after: slash)...])
        } else if let dash = requested.utf8.firstIndex(of: UInt8(ascii: "-")), let mapped = Self.optillmApproaches[String(requested[..<dash])],
            presets.contains(mapped), String(requested[requested.index(after: dash)...]) == model
        {
            fromModel = mapped
            modelPart = model
        } else if let aliased = aliases[requested] {
            fromModel = aliased
            modelPart = model
        } else if presets.contains(requested) {
            fromModel = requested
            modelPart = model
        }
        guard modelPart == model || modelPart.isEmpty else {
            throw APIError.notFound("The model `\(requested)` does not exist; see GET /v1/models.", param: "model")
        }
        if let strategy {
            guard presets.contains(strategy) else {
                throw APIError.notFound("No strategy preset `\(strategy)`; see GET /v1/models.", param: "ponder.strategy")
            }
            return strategy
        }
        if let approach = optillmApproach {
            guard let mapped = Self.optillmApproaches[approach], presets.contains(mapped) else {
                throw APIError.notFound("optillm approach `\(approach)` has no Ponder equivalent.", param: "optillm_approach")
            }
            return mapped
        }
        return fromModel ?? defaultPreset
    }
}
