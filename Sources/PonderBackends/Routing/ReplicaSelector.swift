/// Picks the replica for one request: least outstanding requests, with prefix affinity.
///
/// Requests that share a prompt prefix carry the same `affinityKey`; rendezvous hashing maps a key to
/// a preferred replica that stays the same while replicas come and go, so that replica's prefix cache
/// keeps hitting. Affinity yields to load: the preferred replica is used only while its outstanding
/// count is within `slack` of the least loaded one. Pure, so it is tested without a network.
public enum ReplicaSelector {
    public struct Candidate: Sendable, Hashable {
        public var index: Int
        public var outstanding: Int
        public init(index: Int, outstanding: Int) {
            self.index = index
            self.outstanding = outstanding
        }
    }

    /// How far above the least loaded replica the preferred one may be: 4 requests plus a quarter.
    public static func slack(forLeastOutstanding least: Int) -> Int { 4 + least / 4 }

    /// - Parameters:
    ///   - candidates: the replicas that may take the request now (healthy, not excluded).
    ///   - affinityKey: a hash of the request's prompt prefix, or nil for no affinity.
    ///   - tieBreak: rotates the choice among equally loaded replicas when there is no affinity.
    public static func choose<Candidates: Collection<Candidate>>(
        from candidates: Candidates, affinityKey: UInt64?, tieBreak: UInt64 = 0
    ) -> Int? {
        guard var best = candidates.first else { return nil }
        var least = best.outstanding
        for candidate in candidates.dropFirst() where candidate.outstanding < least {
            least = candidate.outstanding
        }
        if let key = affinityKey {
            var bestWeight = rendezvousWeight(key: key, replica: best.index)
            for candidate in candidates.dropFirst() {
                let weight = rendezvousWeight(key: key, replica: candidate.index)
                if weight > bestWeight {
                    bestWeight = weight
                    best = candidate
                }
            }
            if best.outstanding <= least + slack(forLeastOutstanding: least) { return best.index }
        }
        // Least outstanding; ties rotate with `tieBreak` (or the affinity key) so load spreads.
        let rotation = affinityKey ?? tieBreak
        var chosen: Candidate?
        var chosenRank = UInt64.max
        for candidate in candidates where candidate.outstanding == least {
            let rank = mix(rotation &+ UInt64(candidate.index))
            if rank < chosenRank {
                chosenRank = rank
                chosen = candidate
            }
        }
        return chosen?.index
    }

    static func rendezvousWeight(key: UInt64, replica: Int) -> UInt64 {
        mix(key ^ (UInt64(replica) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// SplitMix64's finaliser: a cheap, well-spread 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
