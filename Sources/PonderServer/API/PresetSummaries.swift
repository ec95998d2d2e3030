import PonderEngine
import Synchronization

/// Each preset's kind and parameters as a response's `ponder` object shows them, worked out once per
/// preset instead of once per request (looking a preset up copies it, and its parameters become strings).
final class PresetSummaries: Sendable {
    struct Summary: Sendable {
        let kind: String
        let parameters: [String: String]

        init(_ preset: StrategyPreset) {
            kind = preset.kind
            parameters = preset.parameters.values.mapValues(\.description)
        }
    }

    private let library: PresetLibrary
    private let presets: [String: Summary]
    /// Budget variants (`name@N`) as requests name them; bounded, like the library's own.
    private let variants = Mutex<[String: Summary]>([:])
    static let variantLimit = 256

    init(_ library: PresetLibrary) {
        self.library = library
        presets = Dictionary(library.presets.map { ($0.name, Summary($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Nil for a name that is no preset (a request names only presets the resolver accepted).
    func summary(named name: String) -> Summary? {
        if let known = presets[name] { return known }
        if let known = variants.withLock({ $0[name] }) { return known }
        guard let preset = library.preset(named: name) else { return nil }
        let summary = Summary(preset)
        variants.withLock { kept in
            if kept.count < Self.variantLimit { kept[name] = summary }
        }
        return summary
    }
}
