import PonderCore

/// Monte Carlo tree search over reasoning steps (kind `mcts`).
///
/// Each node is a partial solution; its children are next steps sampled from the policy. The search is
/// OpenR's `vanila_mcts` (openreasoner/openr, `reason/guided_search/tree.py`), one trajectory per
/// iteration:
///
/// 1. **Select** from the root down. At a visited node take the child of highest PUCT (or UCT) score; at
///    an unvisited node take the child of highest initial value (what PUCT reduces to with N_p = 0).
/// 2. **Expand** every node the trajectory reaches for the first time: one policy call samples
///    `expansionWidth` next steps (k = 4, T = 0.8, stop at the step delimiter; OpenR `tree_max_width` 4,
///    search-and-learn T 0.8). Empty steps are dropped and identical siblings merged, as OpenR's
///    `update_legal_actions` does. The children are **evaluated** together (one Q-value call, or
///    concurrent PRM calls or rollouts) and each gets an initial value; results keep sample order.
/// 3. Continue selecting until a terminal node (final answer, cut step, or `maxDepth` steps), whose value
///    (initial value, or mean once visited) is the leaf value.
/// 4. **Back up** the mean: every node on the trajectory gets one more visit and the leaf value added to
///    its sum (OpenR `update_recursive`, llm-reasoners `calc_q = mean`). Visits and Q are written to the
///    trace (`setVisits`).
///
/// Selection rules (`selection`):
/// - `.puct(cBase: 19652, cInit: 1.25)` (default, OpenR `_ucb_score`):
///   `Q + P·(ln((N_p + c_base + 1)/c_base) + c_init)·√N_p/(1 + N_c)`. The prior P is exp(mean token
///   logprob) of each sibling step normalised over the siblings (OpenR `prob`), when the policy call
///   returned logprobs (`priorsFromLogprobs`, or logprobs already requested in `SearchContext.sampling`);
///   otherwise uniform, 1/#children.
/// - `.uct(explorationWeight: 1.0)` (llm-reasoners `MCTS._uct`, `w_exp = 1.0`): `Q + w·√(ln N_p / max(1, N_c))`.
///
/// Evaluation of a new child (`evaluation`):
/// - `.qValue`: the step-level Q-value model's value of the child's step given its parent's steps
///   (Zhai et al., "Enhancing decision-making for LLM agents via step-level Q-value models", AAAI'25).
/// - `.prm(aggregation: .last)`: the PRM's score of the new prefix (OpenR `init_critic_value`, PRM-last).
/// - `.rollout(scorer:aggregation:)`: complete the child with one sample (`rolloutTemperature`,
///   `rolloutMaxTokens`) and score the finished solution with the outcome scorer or the PRM
///   (llm-reasoners-style simulation to the end). Rollouts also count as candidates.
/// - `.automatic` (default): the Q-value model when one is configured, else the PRM, else rollouts judged
///   by the outcome scorer; `StrategyError.missingScorer` when none is.
///
/// Answer (`answer`):
/// - `.mostVisited` (default; OpenR/AlphaZero, llm-reasoners `max_visit`): follow the most visited child
///   from the root (ties: higher Q) to a leaf; if that path is unfinished, complete it greedily (T = 0).
/// - `.majorityVote` / `.weightedVote`: vote over the terminal nodes the trajectories reached, uniform
///   or weighted by each node's Q (llm-reasoners `MCTSAggregation`).
///
/// Defaults: 16 iterations (trajectories), depth cap 40 steps (search-and-learn `num_iterations`, Liu et
/// al.'s depth 40), 256 tokens per step, 2048 per rollout (search-and-learn `max_tokens`).
///
/// **Zhai et al.'s plug-in mode** is a degenerate parameterisation, not a separate mode: with
/// `iterations: 1` and Q-value evaluation the single trajectory samples n candidate steps at each node and
/// executes the Q-argmax, never backtracking — exactly their inference procedure (sample n actions, take
/// argmax Q, no rollbacks). `MonteCarloTreeSearch.qValueGuided(candidates:)` builds it. More iterations
/// add backtracking on top: later trajectories revisit the siblings whose Q looked worse.
///
/// Budget: every policy and scorer call goes through the meter; when it says stop the search ends and the
/// best so far is returned (`cutShort` set). The meter may grant fewer samples than `expansionWidth`; the
/// node then just has fewer children. Per-call seeds come from a deterministic call counter, children are
/// recorded in a fixed order, and no choice is random, so one seed gives one answer and one trace.
public struct MonteCarloTreeSearch: Strategy {
    public let kind = "mcts"

    /// The tree policy: how a visited node picks which child to descend into.
    public enum Selection: Sendable, Hashable {
        /// OpenR / AlphaZero PUCT with prior P.
        case puct(cBase: Double = 19652, cInit: Double = 1.25)
        /// llm-reasoners UCT.
        case uct(explorationWeight: Double = 1.0)
    }

    /// How a new child gets its initial value.
    public enum Evaluation: Sendable, Hashable {
        /// Q-value model if configured, else PRM (`last`), else rollouts judged by the outcome scorer.
        case automatic
        /// The step-level Q-value model on the child's step given its parent's steps.
        case qValue
        /// The PRM on the child's prefix, aggregated.
        case prm(aggregation: StepAggregation = .last)
        /// One rollout to the end, scored whole by the outcome scorer or the PRM (aggregated).
        case rollout(scorer: SolutionScorerKind = .outcome, aggregation: StepAggregation = .last)
    }

    /// How the final answer is picked from the tree.
    public enum AnswerSelection: String, Sendable, Hashable, Codable, CaseIterable {
        /// Follow the most visited children to a leaf, completing it greedily if unfinished.
        case mostVisited = "most-visited"
        /// Majority vote over the terminal nodes reached.
        case majorityVote = "majority-vote"
        /// Vote over the terminal nodes reached, each weighted by its Q.
        case weightedVote = "weighted-vote"
    }

    public var iterations: Int
    /// k: next steps sampled per expansion.
    public var expansionWidth: Int
    public var temperature: Double
    public var selection: Selection
    public var evaluation: Evaluation
    public var answer: AnswerSelection
    /// Steps after which a path stops (terminal, unfinished).
    public var maxDepth: Int
    public var maxStepTokens: Int
    public var rolloutTemperature: Double
    /// `max_tokens` of a rollout and of the greedy completion of an unfinished answer path.
    public var rolloutMaxTokens: Int
    /// Ask for logprobs on expansions and use them as PUCT priors.
    public var priorsFromLogprobs: Bool
    /// Merge identical sibling steps (OpenR does).
    public var deduplicate: Bool

    public init(
        iterations: Int = 16, expansionWidth: Int = 4, temperature: Double = 0.8, selection: Selection = .puct(),
        evaluation: Evaluation = .automatic, answer: AnswerSelection = .mostVisited, maxDepth: Int = 40,
        maxStepTokens: Int = 256, rolloutTemperature: Double = 0.8, rolloutMaxTokens: Int = 2048,
        priorsFromLogprobs: Bool = false, deduplicate: Bool = true
    ) {
        self.iterations = iterations
        self.expansionWidth = expansionWidth
        self.temperature = temperature
        self.selection = selection
        self.evaluation = evaluation
        self.answer = answer
        self.maxDepth = maxDepth
        self.maxStepTokens = maxStepTokens
        self.rolloutTemperature = rolloutTemperature
        self.rolloutMaxTokens = rolloutMaxTokens
        self.priorsFromLogprobs = priorsFromLogprobs
        self.deduplicate = deduplicate
    }

    /// Zhai et al.'s Q-value-guided decoding: at each step sample `candidates` next steps and take the one
    /// the Q-value model values highest, no backtracking (one MCTS trajectory with Q-value evaluation).
    public static func qValueGuided(candidates: Int = 4, temperature: Double = 0.8, maxDepth: Int = 40) -> MonteCarloTreeSearch {
        MonteCarloTreeSearch(
            iterations: 1, expansionWidth: candidates, temperature: temperature, evaluation: .qValue, maxDepth: maxDepth)
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        var run = MCTSRun(
            strategy: self, evaluator: try resolve(evaluation, in: context),
            steps: TreeSearchSteps(context: context, problem: problem, maxStepTokens: maxStepTokens, maxDepth: maxDepth))
        try await run.search()
        let ranked = try await run.rankedCandidates()
        if let first = ranked.first { context.trace.choose(first.node) }
        return context.finish(kind: kind, candidates: ranked.map(\.candidate))
    }

    private func validate() throws {
        if iterations < 1 { throw StrategyError.invalidParameter(name: "iterations", reason: "must be at least 1") }
        if expansionWidth < 1 { throw StrategyError.invalidParameter(name: "expansionWidth", reason: "must be at least 1") }
        if maxDepth < 1 { throw StrategyError.invalidParameter(name: "maxDepth", reason: "must be at least 1") }
    }

    private func resolve(_ evaluation: Evaluation, in context: SearchContext) throws -> MCTSEvaluator {
        switch evaluation {
        case .automatic:
            if let scorer = context.qValueScorer { return .qValue(scorer) }
            if context.stepScorer != nil { return .prefix(.prm, .last) }
            if context.outcomeScorer != nil { return .rollout(.outcome, .last) }
            throw StrategyError.missingScorer("a step-level Q-value model (role qvalue), a process reward model or an outcome scorer")
        case .qValue:
            guard let scorer = context.qValueScorer else { throw StrategyError.missingScorer("a step-level Q-value model (role qvalue)") }
            return .qValue(scorer)
        case .prm(let aggregation):
            try TreeSearchSteps.requireScorer(.prm, in: context)
            return .prefix(.prm, aggregation)
        case .rollout(let scorer, let aggregation):
            try TreeSearchSteps.requireScorer(scorer, in: context)
            return .rollout(scorer, aggregation)
        }
    }
}

/// The evaluation with its scorer resolved.
private enum MCTSEvaluator {
    case qValue(MeteredQValueScorer)
    case prefix(SolutionScorerKind, StepAggregation)
    case rollout(SolutionScorerKind, StepAggregation)
}

/// One solve's mutable state: the tree, the call counter, the rollouts made.
private struct MCTSRun {
    let strategy: MonteCarloTreeSearch
    let evaluator: MCTSEvaluator
    let steps: TreeSearchSteps
    var tree = MCTSTree()
    /// Numbers policy calls, so each gets its own seed and a run repeats.
    var call = 0
    /// Finished solutions from rollout evaluation, with their scores.
    var completions: [(path: PartialPath, score: Double?)] = []

    var context: SearchContext { steps.context }
    var delimiter: String { context.stepDelimiter }

    init(strategy: MonteCarloTreeSearch, evaluator: MCTSEvaluator, steps: TreeSearchSteps) {
        self.strategy = strategy
        self.evaluator = evaluator
        self.steps = steps
    }

    // MARK: Search

    mutating func search() async throws {
        for _ in 0..<strategy.iterations {
            var node = MCTSTree.root
            do {
                while !tree[node].isLeafForGood {
                    if !tree[node].isExpanded {
                        try await expand(node)
                        if tree[node].children.isEmpty { break }
                    }
                    guard let next = tree.select(from: node, rule: strategy.selection) else { break }
                    node = next
                }
            } catch is StopReason {
                return
            }
            guard node != MCTSTree.root else { return }
            tree.backup(from: node, value: tree[node].value, trace: context.trace)
            if context.meter.stopReason != nil { return }
        }
    }

    /// Samples, attaches and evaluates the children of `index`. Throws the `StopReason` when the budget
    /// refused the sampling call, or refused evaluating the children (they are kept, valued 0).
    mutating func expand(_ index: Int) async throws {
        let parent = tree[index].path
        let logprobs = strategy.priorsFromLogprobs || context.sampling.logprobs
        let continuations = try await steps.sample(
            parent, n: strategy.expansionWidth, call: call, temperature: strategy.temperature, logprobs: logprobs)
        call += 1
        let proposed = steps.attach(continuations, to: parent, deduplicate: strategy.deduplicate)
        let priors = Self.priors(proposed.map(\.likelihood))
        let evaluated = try await evaluate(proposed.map(\.path), parent: parent)
        var children: [(path: PartialPath, prior: Double, value: Double)] = []
        for (offset, child) in evaluated.enumerated() {
            if let value = child.value { context.trace.setScore(child.path.node, value) }
            children.append((child.path, priors[offset], child.value ?? 0))
        }
        tree.expand(index, children: children)
        if evaluated.contains(where: { $0.value == nil }), let stop = context.meter.stopReason { throw stop }
    }

    /// OpenR's prior: exp(mean token logprob) normalised over the siblings; uniform without logprobs.
    static func priors(_ likelihoods: [Double?]) -> [Double] {
        guard !likelihoods.isEmpty else { return [] }
        let uniform = [Double](repeating: 1 / Double(likelihoods.count), count: likelihoods.count)
        let values = likelihoods.compactMap { $0 }
        guard values.count == likelihoods.count else { return uniform }
        let sum = values.reduce(0, +)
        guard sum > 0, sum.isFinite else { return uniform }
        return values.map { $0 / sum }
    }

    /// Initial values of new children, in their order (nil where the budget refused the scorer).
    mutating func evaluate(_ children: [PartialPath], parent: PartialPath) async throws -> [(path: PartialPath, value: Double?)] {
        guard !children.isEmpty else { return [] }
        switch evaluator {
        case .qValue(let scorer):
            let candidates = children.map { $0.steps.last ?? "" }
            var values = [Double?](repeating: nil, count: children.count)
            do {
                let q = try await scorer.qValues(steps.problem, steps: parent.steps, candidates: candidates)
                for index in children.indices where index < q.count { values[index] = q[index] }
            } catch is StopReason {}
            return zip(children, values).map { child, value in
                var path = child
                if let value { path.stepScores = parent.stepScores + [value] }
                return (path, value)
            }
        case .prefix(let kind, let aggregation):
            let scored = try await steps.prefixValues(children, kind: kind, aggregation: aggregation)
            return zip(children, scored).map { child, scored in
                var path = child
                if let stepScores = scored.stepScores { path.stepScores = stepScores }
                return (path, scored.value)
            }
        case .rollout(let kind, let aggregation):
            return try await rollouts(children, kind: kind, aggregation: aggregation)
        }
    }

    /// Completes each unfinished child with one sample (concurrently; recorded in the trace in child order),
    /// then scores every finished path.
    mutating func rollouts(
        _ children: [PartialPath], kind: SolutionScorerKind, aggregation: StepAggregation
    ) async throws -> [(path: PartialPath, value: Double?)] {
        let firstCall = call
        call += children.count
        let strategy = self.strategy
        let steps = self.steps
        let outputs: [Continuation?] = try await inParallel(count: children.count) { index in
            let child = children[index]
            guard !child.isTerminal else { return nil }
            do {
                let output = try await steps.context.policy.complete(
                    steps.problem, prefix: child.prefix(delimiter: steps.context.stepDelimiter), n: 1, stop: [],
                    sampling: steps.context.sampling(
                        call: firstCall + index, temperature: strategy.rolloutTemperature, maxTokens: strategy.rolloutMaxTokens))
                return output.continuations.first
            } catch is StopReason {
                return nil
            }
        }
        var finished: [PartialPath?] = children.map { $0.isTerminal ? $0 : nil }
        for index in children.indices {
            if let continuation = outputs[index] { finished[index] = steps.finish(children[index], with: continuation) }
        }
        let scoredIndices = children.indices.filter { finished[$0] != nil }
        let scored = try await steps.prefixValues(scoredIndices.map { finished[$0]! }, kind: kind, aggregation: aggregation)
        var values = [Double?](repeating: nil, count: children.count)
        var paths = children
        for (offset, index) in scoredIndices.enumerated() {
            values[index] = scored[offset].value
            if var rollout = finished[index], !children[index].isTerminal {
                if let stepScores = scored[offset].stepScores { rollout.stepScores = stepScores }
                if let value = scored[offset].value { context.trace.setScore(rollout.node, value) }
                completions.append((rollout, scored[offset].value))
            } else if let stepScores = scored[offset].stepScores {
                paths[index].stepScores = stepScores
            }
        }
        return zip(paths, values).map { ($0, $1) }
    }

    // MARK: Answer

    /// The candidates best first, each with the trace node it ends at.
    mutating func rankedCandidates() async throws -> [(candidate: Candidate, node: Int)] {
        var pool: [(candidate: Candidate, node: Int, reached: Bool)] = tree.terminalNodes.map { index in
            let node = tree[index]
            return (node.path.candidate(delimiter: delimiter, score: node.value), node.path.node, node.visits > 0)
        }
        pool += completions.map { ($0.path.candidate(delimiter: delimiter, score: $0.score), $0.path.node, false) }

        switch strategy.answer {
        case .majorityVote, .weightedVote:
            let reached = pool.filter { $0.reached && $0.candidate.answer != nil }
            if !reached.isEmpty {
                let votes = reached.map(\.candidate)
                let ranked = strategy.answer == .majorityVote ? Voting.majority(votes) : Voting.weighted(votes)
                let nodes = Dictionary(reached.map { ($0.candidate.text, $0.node) }, uniquingKeysWith: { first, _ in first })
                let rest = pool.filter { !($0.reached && $0.candidate.answer != nil) }
                return ranked.map { ($0, nodes[$0.text] ?? TraceRecorder.root) } + Self.rank(rest.map { ($0.candidate, $0.node) })
            }
            return try await mostVisited(pool: pool.map { ($0.candidate, $0.node) })
        case .mostVisited:
            return try await mostVisited(pool: pool.map { ($0.candidate, $0.node) })
        }
    }

    /// The most visited path first (completed greedily if unfinished), then every other finished path by
    /// score; partial paths only when nothing finished.
    mutating func mostVisited(pool: [(candidate: Candidate, node: Int)]) async throws -> [(candidate: Candidate, node: Int)] {
        let leaf = tree.mostVisitedLeaf()
        guard leaf != MCTSTree.root else { return Self.rank(pool) }
        let node = tree[leaf]
        let others = pool.filter { $0.node != node.path.node }
        guard needsCompletion(node.path) else {
            return [(node.path.candidate(delimiter: delimiter, score: node.value), node.path.node)] + Self.rank(others)
        }
        if let completed = try await steps.greedyCompletion(of: node.path, call: call, maxTokens: strategy.rolloutMaxTokens) {
            call += 1
            return [(completed.candidate(delimiter: delimiter, score: node.value), completed.node)] + Self.rank(others)
        }
        // The budget stopped the search on an unfinished path: finished paths first, then partial ones.
        let partial = (node.path.candidate(delimiter: delimiter, score: node.value), node.path.node)
        let finished = Self.rank(pool.filter(\.candidate.isComplete))
        let unfinished = pool.filter { !$0.candidate.isComplete }
        return finished + [partial] + Self.rank(unfinished) + (finished.isEmpty ? otherPartials(except: leaf) : [])
    }

    /// The path has not reached an answer and can be continued: not terminal (the budget stopped the
    /// search there, or it is a dead end), or stopped by the depth cap without an answer.
    func needsCompletion(_ path: PartialPath) -> Bool {
        guard path.isTerminal else { return true }
        guard !path.wasTruncated, let last = path.steps.last, !last.allSatisfy(\.isWhitespace) else { return false }
        return path.steps.count >= strategy.maxDepth && !StepExpander.holdsFinalAnswer(last)
    }

    /// Unfinished tree paths other than `leaf`, deepest and best valued first.
    func otherPartials(except leaf: Int) -> [(candidate: Candidate, node: Int)] {
        tree.nodes.indices
            .filter { $0 != MCTSTree.root && $0 != leaf && !tree[$0].path.isTerminal && tree[$0].children.isEmpty }
            .sorted { lhs, rhs in
                let a = tree[lhs]
                let b = tree[rhs]
                if a.path.steps.count != b.path.steps.count { return a.path.steps.count > b.path.steps.count }
                if a.value != b.value { return a.value > b.value }
                return lhs < rhs
            }
            .map { (tree[$0].path.candidate(delimiter: delimiter, score: tree[$0].value), tree[$0].path.node) }
    }

    /// By score, highest first, stable.
    static func rank(_ entries: [(candidate: Candidate, node: Int)]) -> [(candidate: Candidate, node: Int)] {
        entries.enumerated()
            .sorted { lhs, rhs in
                let a = lhs.element.candidate.score ?? -.infinity
                let b = rhs.element.candidate.score ?? -.infinity
                return a != b ? a > b : lhs.offset < rhs.offset
            }
            .map(\.element)
    }
}
