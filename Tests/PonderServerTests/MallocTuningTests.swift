import Testing

@testable import PonderServer

@Suite struct MallocTuningTests {
    @Test func glibcTakesTheFixedThresholds() {
        #if canImport(Glibc)
        #expect(MallocTuning.keepHeapsWarm(), "mallopt refused the thresholds")
        #expect(MallocTuning.keepHeapsWarm(), "applying them twice is harmless")
        #else
        #expect(!MallocTuning.keepHeapsWarm())
        #endif
    }
}
