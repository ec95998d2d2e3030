import PonderCore
import PonderStrategies
import Testing

@testable import PonderEngine

/// Presets' strategies are built from their parameters once, not on every request.
@Suite struct StrategyCacheTests {
    static let root = ResourceLocator.sourceRoot

    func engine() async throws -> Engine {
        let configuration = try PonderConfiguration.singleEndpoint(urls: ["http://127.0.0.1:9/v1"], model: "m")
        let presets = try PresetLibrary.load(directory: Self.root + "/Strategies")
        let prompts = try PromptLibrary.load(directory: Self.root + "/Prompts")
        return Engine(endpoints: try await EndpointRegistry.connect(configuration), presets: presets, prompts: prompts)
    }

    @Test func listedPresetsAreBuiltAtStartAndVariantsOnFirstUse() async throws {
        let engine = try await engine()
        let listed = engine.presets.presets.filter { $0.kind != "auto" && $0.kind != "probe" }
        #expect(Set(engine.builtStrategies.keys) == Set(listed.map(\.name)))
        let variant = try #require(engine.presets.preset(named: "self-consistency@8"))
        let strategy = try engine.searchStrategy(for: variant)
        #expect(strategy.kind == "self-consistency")
        #expect(engine.variantStrategies.withLock { $0.keys.contains("self-consistency@8") })
    }

    /// A variant's preset is checked (its strategy built) once, then found by name; invalid ones are not kept.
    @Test func variantPresetsAreKeptOnceFoundValid() async throws {
        let library = try PresetLibrary.load(directory: Self.root + "/Strategies")
        #expect(library.variants.count == 0)
        let first = try #require(library.preset(named: "beam-prm@32"))
        #expect(library.variants.preset(named: "beam-prm@32")?.name == "beam-prm@32")
        #expect(library.preset(named: "beam-prm@32")?.parameters.values == first.parameters.values)
        #expect(first.parameters.values[try #require(PresetLibrary.budgetParameter(kind: first.kind))] == .int(32))
        #expect(library.preset(named: "beam-prm@0") == nil)
        #expect(library.preset(named: "no-such-preset@8") == nil)
        #expect(library.variants.count == 1)
        for budget in 1...(VariantPresets.limit + 10) { _ = library.preset(named: "self-consistency@\(budget)") }
        #expect(library.variants.count == VariantPresets.limit)
        #expect(library.preset(named: "self-consistency@\(VariantPresets.limit + 10)")?.name == "self-consistency@\(VariantPresets.limit + 10)")
    }

    /// A client picks the budget, so the cache has a bound; past it variants are still served.
    @Test func theVariantCacheStopsGrowingAtItsLimit() async throws {
        let engine = try await engine()
        for budget in 1...(Engine.variantCacheLimit + 40) {
            let variant = try #require(engine.presets.preset(named: "self-consistency@\(budget)"))
            #expect(try engine.searchStrategy(for: variant).kind == "self-consistency")
        }
        #expect(engine.variantStrategies.withLock { $0.count } == Engine.variantCacheLimit)
    }
}
