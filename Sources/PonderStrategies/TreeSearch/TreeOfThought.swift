import PonderCore

/// Tree of Thoughts over reasoning steps (kind `tot`): breadth-first or depth-first search in which each
/// state is a partial solution, proposals are sampled next steps, and a value function judges states.
///
/// **BFS** (`mode: .bfs`; Yao et al. 2023, princeton-nlp/tree-of-thought-llm `bfs.py`):
/// ```
/// frontier = {root}
/// for depth in 1...maxDepth:
///     expand every frontier state with `proposals` sampled next steps (concurrently)
///     value every new state                      # PRM of the prefix, agg `last`; or an outcome judge
///     keep the b best by value (greedy), or b sampled ∝ value (`selection: .sample`)
///     kept states holding a final answer are finished; the rest are the next frontier
/// answer: the finished state of highest value
/// ```
/// Defaults: b = 5 (`n_select_sample`), greedy selection, T = 0.7 (ToT's sampling temperature). ToT's
/// Game24 runs a fixed number of steps; here `maxDepth` (8) caps the depth and states finish as soon as
/// they state an answer. ToT's "propose" prompt yields several thoughts per call; the step-level analogue
/// is `proposals` = 4 sampled steps per state (OpenR's `tree_max_width`). ToT gives duplicate states
/// value 0; identical sibling steps are merged instead. ToT samples with replacement in `.sample` mode;
/// here without, so no state is kept twice.
///
/// **DFS** (`mode: .dfs`; the ToT paper's DFS with threshold pruning and backtracking, as implemented by
/// usail-hkust/benchmark_inference_time_computation_LLM `solve_dfs`):
/// ```
/// stack = [root]
/// while let s = stack.pop():
///     if s is terminal: record it; continue
///     if depth(s) ≥ maxDepth: continue;  if #terminals ≥ numPaths: stop
///     children = expand(s) sorted by value, best first
///     keep the first ⌊(1 − pruneRatio)·#children⌋ + 1 of them; once a terminal path exists, skip those
///     below valueThreshold; push the kept ones so the best is popped next
/// answer: the terminal path with the highest mean value over its steps
/// ```
/// Defaults from usail: `maxDepth` 8, `valueThreshold` 0.3, `pruneRatio` 0.4, `numPaths` 3. (usail pushes
/// the children best first, so its stack pops the worst kept child first; this pushes them in reverse,
/// which is the depth-first order ToT describes.)
///
/// Values (`value`): `.prm` scores the state's steps with the process reward model and aggregates them
/// (`aggregation`, default `last`, as OpenR's PRM-valued search does); `.outcome` asks the outcome
/// verifier or judge about the partial solution's text (ToT's value prompt judges partial states too).
///
/// When the search ends without a finished path (depth cap) and `completeUnfinished` is on, the best
/// partial state is completed greedily (T = 0). Budget: all calls go through the meter; when it says stop
/// the search ends with the best so far (`cutShort` set; partial states when nothing finished). Per-call
/// seeds come from a deterministic call counter and `.sample` draws from a generator seeded by
/// `SearchContext.seed`; children are recorded in the trace in a fixed order.
public struct TreeOfThought: Strategy {
    public let kind = "tot"

    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case bfs, dfs
    }

    /// How BFS keeps b states from a level.
    public enum Selection: String, Sendable, Hashable, Codable, CaseIterable {
        /// The b highest valued (ToT `method_select = greedy`).
        case greedy
        /// b drawn in proportion to value, without replacement (ToT `method_select = sample`).
        case sample
    }

    public var mode: Mode
    /// b: states kept per BFS level.
    public var breadth: Int
    /// Next steps sampled per expanded state.
    public var proposals: Int
    public var temperature: Double
    public var selection: Selection
    public var value: SolutionScorerKind
    public var aggregation: StepAggregation
    public var maxDepth: Int
    public var maxStepTokens: Int
    /// DFS: children valued below this are skipped once a terminal path exists.
    public var valueThreshold: Double
    /// DFS: the share of each node's children pruned before pushing.
    public var pruneRatio: Double
    /// DFS: stop after this many terminal paths.
    public var numPaths: Int
    /// Complete the best partial state greedily when the depth cap ends the search with nothing finished.
    public var completeUnfinished: Bool
    public var completionMaxTokens: Int
    public var deduplicate: Bool

    public init(
        mode: Mode = .bfs, breadth: Int = 5, proposals: Int = 4, temperature: Double = 0.7,
        selection: Selection = .greedy, value: SolutionScorerKind = .prm, aggregation: StepAggregation = .last,
        maxDepth: Int = 8, maxStepTokens: Int = 256, valueThreshold: Double = 0.3, pruneRatio: Double = 0.4,
        numPaths: Int = 3, completeUnfinished: Bool = true, completionMaxTokens: Int = 2048, deduplicate: Bool = true
    ) {
        self.mode = mode
        self.breadth = breadth
        self.proposals = proposals
        self.temperature = temperature
        self.selection = selection
        self.value = value
        self.aggregation = aggregation
        self.maxDepth = maxDepth
        self.maxStepTokens = maxStepTokens
        self.valueThreshold = valueThreshold
        self.pruneRatio = pruneRatio
        self.numPaths = numPaths
        self.completeUnfinished = completeUnfinished
        self.completionMaxTokens = completionMaxTokens
        self.deduplicate = deduplicate
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        try TreeSearchSteps.requireScorer(value, in: context)
        // The depth cap is enforced by the search loops (a state at the cap is partial, not terminal).
        let steps = TreeSearchSteps(context: context, problem: problem, maxStepTokens: maxStepTokens, maxDepth: .max)
        var call = 0
        let outcome: (finished: [ValuedState], partial: [ValuedState])
        switch mode {
        case .bfs: outcome = try await breadthFirst(steps, call: &call)
        case .dfs: outcome = try await depthFirst(steps, call: &call)
        }
        let reached = outcome.partial.filter { !$0.path.steps.isEmpty }
        var ranked = outcome.finished.sorted(by: ValuedState.better).map(\.entry)
        let partial = reached.sorted(by: ValuedState.deeperThenBetter).map(\.entry)
        if ranked.isEmpty, completeUnfinished, let best = reached.min(by: ValuedState.deeperThenBetter),
            let completed = try await steps.greedyCompletion(of: best.path, call: call, maxTokens: completionMaxTokens)
        {
            ranked = [(completed.candidate(delimiter: context.stepDelimiter, score: best.score), completed.node)]
        }
        if ranked.isEmpty { ranked = partial }
        if let first = ranked.first { context.trace.choose(first.node) }
        return context.finish(kind: kind, candidates: ranked.map(\.candidate))
    }

    private func validate() throws {
        if breadth < 1 { throw StrategyError.invalidParameter(name: "breadth", reason: "must be at least 1") }
        if proposals < 1 { throw StrategyError.invalidParameter(name: "proposals", reason: "must be at least 1") }
        if maxDepth < 1 { throw StrategyError.invalidParameter(name: "maxDepth", reason: "must be at least 1") }
        if numPaths < 1 { throw StrategyError.invalidParameter(name: "numPaths", reason: "must be at least 1") }
        if !(0..<1).contains(pruneRatio) { throw StrategyError.invalidParameter(name: "pruneRatio", reason: "must be in [0, 1)") }
    }

    // MARK: BFS

    private func breadthFirst(_ steps: TreeSearchSteps, call: inout Int) async throws -> (finished: [ValuedState], partial: [ValuedState]) {
        let context = steps.context
        var random = SearchRandom(seed: context.seed, stream: 0x746F_742D_6266_73)
        var frontier = [ValuedState(path: PartialPath(), score: 0, delimiter: context.stepDelimiter)]
        var finished: [ValuedState] = []
        for _ in 0..<maxDepth {
            guard !frontier.isEmpty else { break }
            let sampled = try await steps.sampleEach(
                frontier.map(\.path), n: proposals, firstCall: call, temperature: temperature, logprobs: false)
            call += frontier.count
            var children: [PartialPath] = []
            for (index, continuations) in sampled.samples.enumerated() {
                guard let continuations else { continue }
                children += steps.attach(continuations, to: frontier[index].path, deduplicate: deduplicate).map(\.path)
            }
            if children.isEmpty { break }
            let valued = try await values(of: children, steps: steps)
            let kept = select(valued, random: &random)
            finished += kept.filter(\.path.isTerminal)
            let next = kept.filter { !$0.path.isTerminal }
            // When the budget stopped this level, the states it reached are the best so far.
            if sampled.stopped || context.meter.stopReason != nil {
                return (finished, next.isEmpty && finished.isEmpty ? frontier.filter { !$0.path.steps.isEmpty } : next)
            }
            frontier = next
        }
        return (finished, frontier.filter { !$0.path.steps.isEmpty })
    }

    /// ToT's selection: the b best (greedy), or b drawn ∝ value without replacement (`.sample`).
    private func select(_ states: [ValuedState], random: inout SearchRandom) -> [ValuedState] {
        guard states.count > breadth else { return states.sorted(by: ValuedState.better) }
        switch selection {
        case .greedy:
            return Array(states.sorted(by: ValuedState.better).prefix(breadth))
        case .sample:
            var pool = states
            var kept: [ValuedState] = []
            while kept.count < breadth, !pool.isEmpty {
                let weights = pool.map { max(0, $0.score) }
                let total = weights.reduce(0, +)
                var index = pool.count - 1
                if total > 0 {
                    var target = random.unit() * total
                    for (offset, weight) in weights.enumerated() {
                        target -= weight
                        if target < 0 {
                            index = offset
                            break
                        }
                    }
                } else {
                    index = Int(random.next() % UInt64(pool.count))
                }
                kept.append(pool.remove(at: index))
            }
            return kept.sorted(by: ValuedState.better)
        }
    }

    // MARK: DFS

    private func depthFirst(_ steps: TreeSearchSteps, call: inout Int) async throws -> (finished: [ValuedState], partial: [ValuedState]) {
        let context = steps.context
        let delimiter = context.stepDelimiter
        var stack = [ValuedState(path: PartialPath(), score: 0, delimiter: delimiter)]
        var terminals: [ValuedState] = []
        var partial: [ValuedState] = []
        while let state = stack.popLast() {
            if state.path.isTerminal {
                terminals.append(state)
                continue
            }
            if state.path.steps.count >= maxDepth {
                partial.append(state)
                continue
            }
            if terminals.count >= numPaths { break }
            let continuations: [Continuation]
            do {
                continuations = try await steps.sample(state.path, n: proposals, call: call, temperature: temperature, logprobs: false)
                call += 1
            } catch is StopReason {
                partial.append(state)
                break
            }
            let children = steps.attach(continuations, to: state.path, deduplicate: deduplicate).map(\.path)
            let valued = try await values(of: children, steps: steps).sorted(by: ValuedState.better)
            partial += valued.filter { !$0.path.isTerminal }
            if context.meter.stopReason != nil {
                terminals += valued.filter(\.path.isTerminal)
                break
            }
            let keep = min(valued.count, Int((1 - pruneRatio) * Double(valued.count)) + 1)
            for child in valued.prefix(keep).reversed() where terminals.isEmpty || child.score >= valueThreshold {
                stack.append(child)
            }
        }
        // DFS ranks terminal paths by the mean value of their steps (usail `solve_dfs`).
        let byMean = terminals.map { state in
            var state = state
            state.score = state.path.stepScores.isEmpty ? state.score : state.path.stepScores.reduce(0, +) / Double(state.path.stepScores.count)
            state.candidate.score = state.score
            return state
        }
        return (byMean, partial)
    }

    // MARK: Values

    /// Values the new states (concurrently) and records them in the trace. A state whose scorer call the
    /// budget refused is valued 0. Each state's `stepScores` gets one value per step: the PRM's step
    /// scores, or with a judge the judge's value of every prefix along the path.
    private func values(of children: [PartialPath], steps: TreeSearchSteps) async throws -> [ValuedState] {
        let scored = try await steps.prefixValues(children, kind: value, aggregation: aggregation)
        return zip(children, scored).map { child, scored in
            var path = child
            let score = scored.value ?? 0
            path.stepScores = scored.stepScores ?? (child.stepScores + [score])
            if scored.value != nil { steps.context.trace.setScore(path.node, score) }
            return ValuedState(path: path, score: score, delimiter: steps.context.stepDelimiter)
        }
    }
}

/// A state of the tree-of-thought search with its value, as a ranked candidate.
private struct ValuedState {
    var path: PartialPath
    var score: Double
    var candidate: Candidate

    init(path: PartialPath, score: Double, delimiter: String) {
        self.path = path
        self.score = score
        self.candidate = path.candidate(delimiter: delimiter, score: score)
    }

    var entry: (candidate: Candidate, node: Int) { (candidate, path.node) }

    /// Higher value first; ties keep the earlier trace node first.
    static func better(_ a: ValuedState, _ b: ValuedState) -> Bool {
        a.score != b.score ? a.score > b.score : a.path.node < b.path.node
    }

    /// Deeper first, then higher value: the best partial state to continue or to return.
    static func deeperThenBetter(_ a: ValuedState, _ b: ValuedState) -> Bool {
        a.path.steps.count != b.path.steps.count ? a.path.steps.count > b.path.steps.count : better(a, b)
    }
}
