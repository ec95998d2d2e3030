import Synchronization

/// Budget variants (`self-consistency@8`) of a preset library that were checked and found valid, by
/// name. A client names the budget, so the set is open: past `limit` variants are still served, only
/// no longer kept (the same bound as the engine's variant strategies). Invalid names are never kept,
/// so they cannot crowd out valid ones.
final class VariantPresets: Sendable {
    static let limit = Engine.variantCacheLimit
    private let kept = Mutex<[String: StrategyPreset]>([:])

    func preset(named name: String) -> StrategyPreset? {
        kept.withLock { $0[name] }
    }

    func keep(_ preset: StrategyPreset) {
        kept.withLock { kept in
            if kept.count < Self.limit { kept[preset.name] = preset }
        }
    }

    var count: Int { kept.withLock { $0.count } }
}
