import PonderCore

/// Diverse verifier tree search (DVTS; huggingface/search-and-learn `sal/search/diverse_verifier_tree_search.py`,
/// HF's "Scaling test-time compute" blog post; not published as a paper).
///
/// The N-path budget is split into N/M independent subtrees. Each round, every live subtree samples M
/// next steps of its current path (one policy call, n = M), the PRM scores each `prefix + step`, and the
/// subtree greedily moves to the argmax. A subtree stops when its chosen step ends the solution (an
/// answer such as `\boxed{}`, an empty step, a cut at `max_tokens`, or the step cap). The last round
/// generates to the end. Subtrees expand concurrently; they never compete, which keeps the N/M lines of
/// reasoning diverse where beam search would collapse onto one prefix.
///
/// Output, as S&L: per subtree the M variants of its last expansion (N in all), the chosen one among
/// them; the answer is the weighted vote over those N variants (or the best-scored one, S&L's `pred`).
/// Variants that did not finish take part only when no variant finished.
///
/// Defaults (S&L `Config`): N = 8 (the brief's; S&L's is 4), M = `beam_width` = 4 (N % M must be 0),
/// 40 iterations, temperature 0.8, `agg_strategy = last`, `lookahead = 0`; per-step `max_tokens` 256
/// (REBASE's `max_step_tokens`; S&L sends 2048), 2048 for the final generation. With `lookahead = k`,
/// each step is scored by the PRM at the end of a k-step greedy rollout (`current_text + lookahead`).
///
/// Budget: when a call is refused the search stops after that round and returns the variants it has.
public struct DiverseVerifierTreeSearch: Strategy {
    public let kind = "dvts"
    /// N: total paths (N/M subtrees × M variants).
    public var n: Int
    /// M: steps sampled per subtree per round.
    public var beamWidth: Int
    public var maxIterations: Int
    public var lookahead: Int
    public var temperature: Double
    public var aggregation: StepAggregation
    public var selection: StepSearchSelection
    public var maxStepTokens: Int
    public var maxTokens: Int

    public init(
        n: Int = 8, beamWidth: Int = 4, maxIterations: Int = 40, lookahead: Int = 0, temperature: Double = 0.8,
        aggregation: StepAggregation = .last, selection: StepSearchSelection = .weightedVote, maxStepTokens: Int = 256,
        maxTokens: Int = 2048
    ) {
        self.n = n
        self.beamWidth = beamWidth
        self.maxIterations = maxIterations
        self.lookahead = lookahead
        self.temperature = temperature
        self.aggregation = aggregation
        self.selection = selection
        self.maxStepTokens = maxStepTokens
        self.maxTokens = maxTokens
    }

    /// One independent subtree: the path it follows and the variants of its last expansion.
    struct Subtree {
        var current = PartialPath()
        var variants: [PartialPath] = []
        var isDone = false
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        let run = try StepSearchRun(
            context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxIterations,
            aggregation: aggregation)
        var subtrees = [Subtree](repeating: Subtree(), count: n / beamWidth)
        var call = 0

        for round in 0..<maxIterations {
            let live = subtrees.indices.filter { !subtrees[$0].isDone }
            if live.isEmpty { break }
            let isLast = round == maxIterations - 1
            var requests: [StepSearchExpansion] = []
            for index in live {
                requests.append(StepSearchExpansion(path: subtrees[index].current, n: beamWidth, call: call))
                call += 1
            }
            let expansion = try await run.expand(
                requests, temperature: temperature, toEnd: isLast, maxTokens: isLast ? maxTokens : maxStepTokens)
            var flat = expansion.children.flatMap { $0 }
            let stopped = try await run.scoreRound(&flat, lookahead: lookahead, isLast: isLast, call: &call) || expansion.stopped

            var offset = 0
            for (slot, index) in live.enumerated() {
                let count = expansion.children[slot].count
                let children = Array(flat[offset..<(offset + count)])
                offset += count
                guard !children.isEmpty else {
                    subtrees[index].isDone = true
                    continue
                }
                // Greedy per subtree: the first child with the highest aggregated score.
                var best = 0
                for candidate in children.indices.dropFirst() where run.rankKey(children[candidate]) > run.rankKey(children[best]) {
                    best = candidate
                }
                subtrees[index].variants = children
                subtrees[index].current = children[best]
                if children[best].isTerminal || isLast { subtrees[index].isDone = true }
            }
            if stopped { break }
        }

        let variants = subtrees.flatMap(\.variants)
        let finished = variants.filter { $0.isTerminal }
        let unfinished = finished.isEmpty ? variants : []
        return run.solution(kind: kind, finished: finished, unfinished: unfinished, selection: selection)
    }

    func validate() throws {
        guard beamWidth >= 1 else {
            throw StrategyError.invalidParameter(name: "beam_width", reason: "must be at least 1, got \(beamWidth)")
        }
        guard n >= beamWidth, n % beamWidth == 0 else {
            throw StrategyError.invalidParameter(name: "n", reason: "must be a multiple of beam_width (\(beamWidth)), got \(n)")
        }
        guard maxIterations >= 1 else {
            throw StrategyError.invalidParameter(name: "max_iterations", reason: "must be at least 1, got \(maxIterations)")
        }
        guard lookahead >= 0 else {
            throw StrategyError.invalidParameter(name: "lookahead", reason: "must not be negative, got \(lookahead)")
        }
    }
}
