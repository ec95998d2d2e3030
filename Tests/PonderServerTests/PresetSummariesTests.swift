@testable import PonderEngine
import Testing

@testable import PonderServer

/// What a response's `ponder` object says of the preset that answered it.
@Suite struct PresetSummariesTests {
    let library: PresetLibrary
    init() throws { library = try PresetLibrary.load(directory: ResourceLocator.sourceRoot + "/Strategies") }

    @Test func aPresetIsSummedUpAsItsKindAndItsParametersAsText() throws {
        let summaries = PresetSummaries(library)
        let preset = try #require(library.preset(named: "best-of-4"))
        let summary = try #require(summaries.summary(named: "best-of-4"))
        #expect(summary.kind == preset.kind)
        #expect(summary.parameters == preset.parameters.values.mapValues(\.description))
        #expect(summary.parameters["n"] == "4")
    }

    @Test func aBudgetVariantCarriesItsBudgetAndAnUnknownNameNothing() throws {
        let summaries = PresetSummaries(library)
        #expect(summaries.summary(named: "best-of-4@2")?.parameters["n"] == "2")
        #expect(summaries.summary(named: "best-of-4@2")?.kind == library.preset(named: "best-of-4")?.kind)
        #expect(summaries.summary(named: "no-such-preset") == nil)
        #expect(summaries.summary(named: "best-of-4@0") == nil)
    }
}
