import Testing

@testable import PonderBackends

@Suite struct ReplicaSelectorTests {
    typealias Candidate = ReplicaSelector.Candidate

    @Test func picksTheLeastOutstandingWithoutAffinity() {
        let candidates = [Candidate(index: 0, outstanding: 5), Candidate(index: 1, outstanding: 2), Candidate(index: 2, outstanding: 9)]
        #expect(ReplicaSelector.choose(from: candidates, affinityKey: nil) == 1)
        #expect(ReplicaSelector.choose(from: [], affinityKey: nil) == nil)
    }

    @Test func tiesRotateSoLoadSpreads() {
        let candidates = (0..<4).map { Candidate(index: $0, outstanding: 0) }
        let chosen = Set((0..<64).compactMap { ReplicaSelector.choose(from: candidates, affinityKey: nil, tieBreak: UInt64($0)) })
        #expect(chosen.count == 4)
    }

    @Test func affinityIsStableAndSpreadsKeys() {
        let candidates = (0..<4).map { Candidate(index: $0, outstanding: 0) }
        var hits = [Int](repeating: 0, count: 4)
        for key in 0..<400 {
            let first = ReplicaSelector.choose(from: candidates, affinityKey: UInt64(key))!
            #expect(ReplicaSelector.choose(from: candidates, affinityKey: UInt64(key)) == first)
            hits[first] += 1
        }
        #expect(hits.allSatisfy { $0 > 50 }, "keys spread over replicas: \(hits)")
    }

    @Test func removingAReplicaMovesOnlyItsKeys() {
        let all = (0..<4).map { Candidate(index: $0, outstanding: 0) }
        let withoutTwo = all.filter { $0.index != 2 }
        for key in 0..<200 {
            let before = ReplicaSelector.choose(from: all, affinityKey: UInt64(key))!
            let after = ReplicaSelector.choose(from: withoutTwo, affinityKey: UInt64(key))!
            if before != 2 { #expect(after == before, "rendezvous hashing keeps key \(key) in place") }
        }
    }

    @Test func affinityYieldsToLoad() {
        let key: UInt64 = 42
        let idle = (0..<3).map { Candidate(index: $0, outstanding: 0) }
        let preferred = ReplicaSelector.choose(from: idle, affinityKey: key)!
        var loaded = idle
        loaded[preferred].outstanding = 4
        #expect(ReplicaSelector.choose(from: loaded, affinityKey: key) == preferred, "within slack")
        loaded[preferred].outstanding = 5
        #expect(ReplicaSelector.choose(from: loaded, affinityKey: key) != preferred, "beyond slack")
    }
}
