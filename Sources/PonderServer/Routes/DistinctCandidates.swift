import PonderCore

/// The top `n` candidates of a solution with distinct texts, best first.
enum DistinctCandidates {
    static func top(_ n: Int, of solution: Solution) throws(APIError) -> [Candidate] {
        guard !solution.candidates.isEmpty else { throw noAnswer(solution) }
        // Stops at the n-th distinct text: hashing a long solution text is not free, and most requests want one.
        var distinct: [Candidate] = []
        var seen = Set<String>()
        for candidate in solution.candidates where distinct.count < n {
            if n == 1 || seen.insert(candidate.text).inserted { distinct.append(candidate) }
        }
        return distinct
    }

    /// Why a search has no answer: its budget let it make no call, or every call it made failed to give one.
    static func noAnswer(_ solution: Solution) -> APIError {
        if let reason = solution.cutShort, solution.usage.calls == 0 { return .budgetAllowsNoCall(reason) }
        return .upstream("The search produced no answer within its budget.")
    }
}
