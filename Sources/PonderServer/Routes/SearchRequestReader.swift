import PonderCore

/// The parts of a request both completion routes read the same way: the strategy (see
/// `RouteResolver`), the budget, the seed and the sampling controls the search honours.
enum SearchRequestReader {
    static func read(
        problem: Problem, model: String, sampling requested: SamplingParameters, n: Int?, stream: Bool,
        includeUsage: Bool, extras: RequestExtras, resolver: RouteResolver
    ) throws(APIError) -> SearchRequest {
        let preset = try resolver.preset(model: model, strategy: extras.ponder?.strategy, optillmApproach: extras.optillmApproach)
        let budget = try extras.ponder?.budget?.budget() ?? .unlimited
        // The strategy decides n, temperature and stops per call; the client's max_tokens caps each call.
        var sampling = SamplingParameters()
        sampling.maxTokens = requested.maxTokens
        return SearchRequest(
            problem: problem, model: model, preset: preset, budget: budget,
            seed: extras.ponder?.seed ?? requested.seed ?? 0, sampling: sampling, n: n ?? 1, stream: stream,
            includeUsage: includeUsage)
    }
}

/// Checks of the sampling fields both routes accept, naming the parameter at fault.
enum SamplingValidation {
    static func validate(n: Int?, temperature: Double?, maxTokens: Int?) throws(APIError) {
        if let n, !(1...16).contains(n) { throw APIError.invalid("'n' must be from 1 to 16", param: "n") }
        if let t = temperature, !(0...2).contains(t) { throw APIError.invalid("'temperature' must be from 0 to 2", param: "temperature") }
        if let m = maxTokens, !(1...131_072).contains(m) { throw APIError.invalid("'max_tokens' must be from 1 to 131072", param: "max_tokens") }
    }
}

/// The top `n` candidates of a solution with distinct texts, best first.
enum DistinctCandidates {
    static func top(_ n: Int, of solution: Solution) throws(APIError) -> [Candidate] {
        guard !solution.candidates.isEmpty else { throw APIError.upstream("The search produced no answer within its budget.") }
        var seen = Set<String>()
        return Array(solution.candidates.filter { seen.insert($0.text).inserted }.prefix(n))
    }
}
