import PonderCore
import Testing

@testable import PonderServer

@Suite struct DistinctCandidatesTests {
    func solution(_ texts: [String]) -> Solution {
        Solution(
            strategy: "s", candidates: texts.map { Candidate(text: $0) }, usage: .zero, generationEquivalents: 0, cutShort: nil,
            trace: SearchTrace(nodes: [], chosen: nil))
    }

    @Test func theTopNDistinctTextsInRankOrder() throws {
        let texts = ["a × 1", "a × 1", "b", "a × 1", "c", "d"]
        #expect(try DistinctCandidates.top(1, of: solution(texts)).map(\.text) == ["a × 1"])
        #expect(try DistinctCandidates.top(3, of: solution(texts)).map(\.text) == ["a × 1", "b", "c"])
        #expect(try DistinctCandidates.top(9, of: solution(texts)).map(\.text) == ["a × 1", "b", "c", "d"])
    }

    @Test func noCandidateIsAnUpstreamError() {
        #expect(throws: APIError.self) { try DistinctCandidates.top(1, of: solution([])) }
    }
}
