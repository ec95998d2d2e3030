import PonderCore

/// Step-level beam search guided by a process reward model (Snell et al. 2024, "Scaling LLM test-time
/// compute optimally"; huggingface/search-and-learn `sal/search/beam_search.py`), with optional
/// lookahead search (Snell et al.).
///
/// Each round every active path gets one more step (stop at the step delimiter); paths that finished
/// (an answer, an empty step, a cut at `max_tokens`, or the step cap) move to `completed`. The PRM scores
/// every new prefix (aggregated, `last` by default); of the unfinished ones the top N/M survive, and the
/// active set is refilled to N by giving each survivor its share of N continuations (M each when N/M
/// survive; S&L copies `(active * repeats)[:N]`). One policy call per survivor asks for all its
/// continuations, so the survivor's prefix is sent once and a prefix cache hits. At most `maxIterations`
/// rounds; the last one generates to the end. The answer is the weighted best-of-N vote over the
/// completed paths (S&L's and Snell's evaluation), or the best-scored one.
///
/// Defaults (S&L `Config` and Snell et al.): N = 8 active paths (the brief's default; S&L's `n` is 4 and
/// its recipes sweep 4…256), beam width M = 4, 40 iterations, temperature 0.8, `agg_strategy = last`,
/// `lookahead = 0`, `filter_duplicates = false` (the S&L recipe turns it on), final generation up to 2048
/// tokens. Per-step `max_tokens` is 256 (REBASE's `max_step_tokens`; S&L sends 2048 on every call, which
/// would make the budget meter reserve 2048 tokens per sample).
///
/// Completed paths: S&L keeps the first N that complete (`sort_completed = false`); so does this. With
/// `lookahead = k`, each new step is scored by the PRM at the end of a k-step greedy rollout from it
/// (cost N×(k+1) generations per round; Snell found it no better at equal budget). S&L's beam search
/// generates that rollout but scores `current_text` only; its DVTS scores `current_text + lookahead`,
/// which is what is done here.
///
/// Budget: every policy call is admitted by the meter first. When a call is refused (`StopReason`) the
/// round's other calls finish, their children are scored if the PRM may still be called, and the search
/// returns the completed paths, or, when none completed, the frontier as incomplete candidates.
public struct StepBeamSearch: Strategy {
    public let kind = "beam"
    /// N: active paths per round.
    public var n: Int
    /// M: continuations per survivor; N/M paths survive each round.
    public var beamWidth: Int
    /// Rounds at most; the last generates to the end.
    public var maxIterations: Int
    /// k: greedy rollout steps before scoring a new step (0 = plain beam search).
    public var lookahead: Int
    public var temperature: Double
    public var aggregation: StepAggregation
    /// Drop unfinished paths whose text equals an earlier one before keeping the top N/M.
    public var filterDuplicates: Bool
    public var selection: StepSearchSelection
    /// `max_tokens` of one step.
    public var maxStepTokens: Int
    /// `max_tokens` of the last round, which generates to the end.
    public var maxTokens: Int

    public init(
        n: Int = 8, beamWidth: Int = 4, maxIterations: Int = 40, lookahead: Int = 0, temperature: Double = 0.8,
        aggregation: StepAggregation = .last, filterDuplicates: Bool = false, selection: StepSearchSelection = .weightedVote,
        maxStepTokens: Int = 256, maxTokens: Int = 2048
    ) {
        self.n = n
        self.beamWidth = beamWidth
        self.maxIterations = maxIterations
        self.lookahead = lookahead
        self.temperature = temperature
        self.aggregation = aggregation
        self.filterDuplicates = filterDuplicates
        self.selection = selection
        self.maxStepTokens = maxStepTokens
        self.maxTokens = maxTokens
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        let run = try StepSearchRun(
            context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxIterations,
            aggregation: aggregation)
        let survivorsPerRound = max(1, n / beamWidth)
        var active: [(path: PartialPath, copies: Int)] = [(PartialPath(), n)]
        var completed: [PartialPath] = []
        var frontier: [PartialPath] = []
        var call = 0

        for round in 0..<maxIterations {
            let isLast = round == maxIterations - 1
            var requests: [StepSearchExpansion] = []
            for (path, copies) in active {
                requests.append(StepSearchExpansion(path: path, n: copies, call: call))
                call += 1
            }
            let expansion = try await run.expand(
                requests, temperature: temperature, toEnd: isLast, maxTokens: isLast ? maxTokens : maxStepTokens)
            var children = expansion.children.flatMap { $0 }
            let stopped = try await run.scoreRound(&children, lookahead: lookahead, isLast: isLast, call: &call) || expansion.stopped

            for child in children where child.isTerminal && completed.count < n { completed.append(child) }
            var open = children.filter { !$0.isTerminal }
            if open.isEmpty && stopped {
                // Nothing new to continue: the previous round's survivors are the best unfinished paths.
                frontier = active.map(\.path).filter { !$0.steps.isEmpty }
                break
            }
            frontier = open
            if stopped || open.isEmpty { break }

            if filterDuplicates {
                var seen = Set<[String]>()
                open = open.filter { seen.insert($0.steps).inserted }
            }
            let survivors = open.indices
                .sorted { lhs, rhs in
                    let a = run.rankKey(open[lhs])
                    let b = run.rankKey(open[rhs])
                    return a != b ? a > b : lhs < rhs
                }
                .prefix(survivorsPerRound)
                .map { open[$0] }
            // Refill to N: each survivor gets N / survivors continuations, the best-ranked ones the rest.
            active = survivors.enumerated().map { index, path in
                (path, n / survivors.count + (index < n % survivors.count ? 1 : 0))
            }
        }
        return run.solution(kind: kind, finished: completed, unfinished: frontier, selection: selection)
    }

    func validate() throws {
        guard n >= 1 else { throw StrategyError.invalidParameter(name: "n", reason: "must be at least 1, got \(n)") }
        guard beamWidth >= 1, beamWidth <= n else {
            throw StrategyError.invalidParameter(name: "beam_width", reason: "must be from 1 to n (\(n)), got \(beamWidth)")
        }
        guard maxIterations >= 1 else {
            throw StrategyError.invalidParameter(name: "max_iterations", reason: "must be at least 1, got \(maxIterations)")
        }
        guard lookahead >= 0 else {
            throw StrategyError.invalidParameter(name: "lookahead", reason: "must not be negative, got \(lookahead)")
        }
    }
}
