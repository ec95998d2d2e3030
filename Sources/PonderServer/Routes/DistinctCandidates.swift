import PonderCore

/// The top `n` candidates of a solution with distinct texts, best first.
enum DistinctCandidates {
    static func top(_ n: Int, of solution: Solution) throws(APIError) -> [Candidate] {
        guard !solution.candidates.isEmpty else { throw APIError.upstream("The search produced no answer within its budget.") }
        var seen = Set<String>()
        return Array(solution.candidates.filter { seen.insert($0.text).inserted }.prefix(n))
    }
}
