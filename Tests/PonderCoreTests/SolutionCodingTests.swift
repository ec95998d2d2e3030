import Foundation
import Testing

@testable import PonderCore

/// A solution keeps its allocation record in a box; its JSON form is the same as a plain stored field's.
@Suite struct SolutionCodingTests {
    static func solution(allocation: AllocationRecord?) -> Solution {
        var solution = Solution(
            strategy: "auto", candidates: [Candidate(text: "so \\boxed{42}", score: 0.9)],
            usage: Usage(promptTokens: 10, completionTokens: 20, cachedPromptTokens: 0, calls: 2),
            generationEquivalents: 1.5, cutShort: nil, trace: SearchTrace(nodes: [], chosen: nil))
        solution.allocation = allocation
        return solution
    }

    static let record = AllocationRecord(
        features: ProbeFeatures(samples: 4, agreement: 0.75, entropy: 0.5, answered: 1, meanTokens: 120),
        difficulty: 0.3, bin: 1, tier: 2, plan: "self-consistency@8", probeUsage: Usage(promptTokens: 5, completionTokens: 6, cachedPromptTokens: 0, calls: 4))

    @Test func theAllocationRecordRoundTripsAndIsLeftOutWhenNil() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let with = try encoder.encode(Self.solution(allocation: Self.record))
        let decoded = try JSONDecoder().decode(Solution.self, from: with)
        #expect(try encoder.encode(decoded) == with)
        #expect(decoded.allocation?.plan == "self-consistency@8")
        #expect(decoded.allocation?.features.samples == 4)
        let object = try #require(try JSONSerialization.jsonObject(with: with) as? [String: Any])
        #expect(Set(object.keys) == ["strategy", "answer", "text", "candidates", "usage", "generation_equivalents", "trace", "allocation"])

        let without = try encoder.encode(Self.solution(allocation: nil))
        let plain = try #require(try JSONSerialization.jsonObject(with: without) as? [String: Any])
        #expect(plain["allocation"] == nil)
        #expect(try JSONDecoder().decode(Solution.self, from: without).allocation == nil)
    }

    @Test func aCopyKeepsItsOwnRecordWhenTheOtherChanges() {
        let original = Self.solution(allocation: Self.record)
        var copy = original
        copy.allocation?.escalatedTo = "best-of-4@16"
        #expect(copy.allocation?.escalatedTo == "best-of-4@16")
        #expect(original.allocation?.escalatedTo == nil)
    }
}
