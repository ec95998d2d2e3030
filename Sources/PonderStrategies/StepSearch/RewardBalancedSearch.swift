import PonderCore

/// REBASE, reward-balanced search (Wu et al. 2024, "Inference scaling laws: an empirical analysis of
/// compute-optimal inference for problem-solving with language models"; reference code `rebase.py`).
///
/// The tree grows one depth at a time with a fixed total width W. At each depth, every node that is a
/// leaf (it holds the final answer) or has used its token allowance takes one of the W slots for good;
/// the other nodes, sorted by reward r (the PRM score of their last step) in descending order, share the
/// remaining slots by a softmax with temperature τ, computed greedily so the shares sum exactly to what
/// is left:
///
///     S = Σ exp(r/τ);  for n in that order:  k_n = ceil(remaining · exp(r_n/τ) / S);
///                                             remaining −= k_n;  S −= exp(r_n/τ)
///
/// and node n is expanded with k_n samples (one policy call, n = k_n; the calls of one depth run
/// concurrently). The search ends when no slot is left, nothing is left to expand, or at the depth cap.
/// The answer: the leaves' step scores aggregated (`last` by default), then the weighted vote (REBASE's
/// evaluation also reports best-of-N, `selection: .best`).
///
/// Defaults (the reference yaml): width W = 16, `softmax_temperature` τ = 0.2, sampling temperature 1.0,
/// `max_step_tokens` 256, `max_tokens` 1024 per path, depth cap 25. The reference reads a path's tokens
/// from the server's per-step counts; the usage here is per call, so a path's tokens are estimated from
/// its bytes and the meter's tokens-per-byte so far. The reference's `softmax_with_truncate` (keep the top
/// `truncate_ratio` before the softmax) is `truncateRatio` (nil = plain softmax).
public struct RewardBalancedSearch: Strategy {
    public let kind = "rebase"
    /// W: the number of leaves the search aims for.
    public var width: Int
    /// τ of the softmax over rewards that allots children.
    public var softmaxTemperature: Double
    /// Sampling temperature of the policy.
    public var temperature: Double
    public var maxStepTokens: Int
    /// A path whose (estimated) tokens reach this is no longer expanded; nil for no limit.
    public var maxTokens: Int?
    public var maxDepth: Int
    /// With `softmax_with_truncate`: the share of candidates (best first) kept before the softmax.
    public var truncateRatio: Double?
    public var aggregation: StepAggregation
    public var selection: StepSearchSelection

    public init(
        width: Int = 16, softmaxTemperature: Double = 0.2, temperature: Double = 1.0, maxStepTokens: Int = 256,
        maxTokens: Int? = 1024, maxDepth: Int = 25, truncateRatio: Double? = nil, aggregation: StepAggregation = .last,
        selection: StepSearchSelection = .weightedVote
    ) {
        self.width = width
        self.softmaxTemperature = softmaxTemperature
        self.temperature = temperature
        self.maxStepTokens = maxStepTokens
        self.maxTokens = maxTokens
        self.maxDepth = maxDepth
        self.truncateRatio = truncateRatio
        self.aggregation = aggregation
        self.selection = selection
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        let run = try StepSearchRun(
            context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxDepth, aggregation: aggregation)
        var remaining = width
        var level: [PartialPath] = [PartialPath()]
        var leaves: [PartialPath] = []
        var spent: [PartialPath] = []
        var frontier: [PartialPath] = []
        var call = 0

        for _ in 0..<maxDepth {
            var candidates: [PartialPath] = []
            for node in level {
                if node.isTerminal {
                    remaining -= 1
                } else if exhausted(node, run: run) {
                    remaining -= 1
                    spent.append(node)
                } else {
                    candidates.append(node)
                }
            }
            frontier = candidates
            if remaining <= 0 || candidates.isEmpty { break }

            let allotment = Self.allot(
                rewards: candidates.map { $0.stepScores.last ?? 1.0 }, width: remaining,
                temperature: softmaxTemperature, truncateRatio: truncateRatio)
            var requests: [StepSearchExpansion] = []
            for (index, count) in allotment where count >= 1 {
                requests.append(StepSearchExpansion(path: candidates[index], n: count, call: call))
                call += 1
            }
            let expansion = try await run.expand(requests, temperature: temperature)
            var children = expansion.children.flatMap { $0 }
            let refused = try await run.score(&children)
            leaves += children.filter(\.isTerminal)
            if !children.isEmpty { frontier = children.filter { !$0.isTerminal } }
            level = children
            if expansion.stopped || refused { break }
        }
        let finished = leaves
        return run.solution(kind: kind, finished: finished, unfinished: frontier + spent, selection: selection)
    }

    /// The nodes to expand, in descending reward order, each with its number of children.
    ///
    /// `rewards` are in candidate order; the result lists `(candidate index, children)`. Ties keep
    /// candidate order. The shares sum to `width` (the last node takes what is left).
    static func allot(rewards: [Double], width: Int, temperature: Double, truncateRatio: Double? = nil) -> [(Int, Int)] {
        var order = rewards.indices.sorted { rewards[$0] != rewards[$1] ? rewards[$0] > rewards[$1] : $0 < $1 }
        if let ratio = truncateRatio {
            let keep = max(1, Int((Double(order.count) * ratio).rounded(.up)))
            order = Array(order.prefix(keep))
        }
        guard let top = order.first.map({ rewards[$0] }) else { return [] }
        let t = max(temperature, 1e-9)
        // Shifted by the top reward so exp cannot overflow at small τ; the ratios are unchanged.
        let weights = order.map { SearchMath.exp((rewards[$0] - top) / t) }
        // S for each position: the sum of the weights from there on (suffix sums, no cancellation).
        var suffix = [Double](repeating: 0, count: weights.count + 1)
        for index in stride(from: weights.count - 1, through: 0, by: -1) { suffix[index] = suffix[index + 1] + weights[index] }
        var left = width
        var result: [(Int, Int)] = []
        for (position, candidate) in order.enumerated() {
            guard left > 0 else { break }
            let share = suffix[position] > 0 ? Double(left) * weights[position] / suffix[position] : 0
            let count = min(left, Int(share.rounded(.up)))
            result.append((candidate, count))
            left -= count
        }
        return result
    }

    /// Whether a path has used its token allowance (estimated from its bytes).
    func exhausted(_ path: PartialPath, run: StepSearchRun) -> Bool {
        guard let maxTokens, let tokensPerByte = run.context.meter.tokensPerByte else { return false }
        let bytes = path.text(delimiter: run.delimiter).utf8.count
        return Double(bytes) * tokensPerByte >= Double(maxTokens)
    }

    func validate() throws {
        guard width >= 1 else { throw StrategyError.invalidParameter(name: "width", reason: "must be at least 1, got \(width)") }
        guard softmaxTemperature > 0 else {
            throw StrategyError.invalidParameter(name: "softmax_temperature", reason: "must be positive, got \(softmaxTemperature)")
        }
        guard maxDepth >= 1 else { throw StrategyError.invalidParameter(name: "max_depth", reason: "must be at least 1, got \(maxDepth)") }
        if let truncateRatio, !(truncateRatio > 0 && truncateRatio <= 1) {
            throw StrategyError.invalidParameter(name: "truncate_ratio", reason: "must be in (0, 1], got \(truncateRatio)")
        }
    }
}
