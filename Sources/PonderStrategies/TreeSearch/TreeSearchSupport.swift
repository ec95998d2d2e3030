#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PonderCore

/// A proposed next step: the child path (already recorded in the trace) and, when the server returned
/// logprobs, exp(mean token logprob) of the step, OpenR's un-normalised prior.
struct ProposedStep {
    var path: PartialPath
    var likelihood: Double?
}

/// The moves the tree searches share: sample next steps, turn them into children, complete a path.
///
/// Policy calls and trace writes are kept apart on purpose: calls may run concurrently, but children are
/// added to the trace afterwards, one after another in a fixed order, so a seed repeats the same trace.
struct TreeSearchSteps {
    let context: SearchContext
    let problem: Problem
    let expander: StepExpander

    init(context: SearchContext, problem: Problem, maxStepTokens: Int, maxDepth: Int) {
        self.context = context
        self.problem = problem
        self.expander = StepExpander(context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxDepth)
    }

    /// `n` sampled next steps of `path` in one policy call (stopping at the step delimiter). The meter may
    /// grant fewer; throws the `StopReason` when it grants none.
    func sample(_ path: PartialPath, n: Int, call: Int, temperature: Double, logprobs: Bool) async throws -> [Continuation] {
        var sampling = context.sampling(call: call, temperature: temperature, maxTokens: expander.maxStepTokens)
        if logprobs { sampling.logprobs = true }
        let delimiter = context.stepDelimiter
        let output = try await context.policy.complete(
            problem, prefix: path.prefix(delimiter: delimiter), n: n, stop: [delimiter], sampling: sampling)
        return output.continuations
    }

    /// Samples next steps for several paths concurrently, one call each (call ids `firstCall + index`).
    /// A path whose call the budget refused gets nil; `stopped` says whether any was refused.
    func sampleEach(
        _ paths: [PartialPath], n: Int, firstCall: Int, temperature: Double, logprobs: Bool
    ) async throws -> (samples: [[Continuation]?], stopped: Bool) {
        let results: [[Continuation]?] = try await inParallel(count: paths.count) { index in
            do {
                return try await sample(paths[index], n: n, call: firstCall + index, temperature: temperature, logprobs: logprobs)
            } catch is StopReason {
                return nil
            }
        }
        return (results, results.contains { $0 == nil })
    }

    /// Turns sampled continuations into children of `parent`, recorded in the trace in sample order.
    ///
    /// As OpenR's `update_legal_actions` does, empty steps are dropped and, with `deduplicate`, a step
    /// identical to an earlier sibling is dropped (the first keeps its logprob). OpenR also drops steps cut
    /// at `max_tokens`; here they are dropped only while a usable sibling remains, so a node whose every
    /// sample failed still gets one (terminal, unfinished) child instead of becoming a silent dead end.
    func attach(_ continuations: [Continuation], to parent: PartialPath, deduplicate: Bool) -> [ProposedStep] {
        var seen = Set<String>()
        var distinct: [Continuation] = []
        for continuation in continuations {
            let step = continuation.text.trimmingTrailingNewlines()
            if deduplicate {
                guard seen.insert(step).inserted else { continue }
            }
            distinct.append(continuation)
        }
        let usable = distinct.filter { !$0.wasTruncated && !$0.text.allSatisfy(\.isWhitespace) }
        let kept = usable.isEmpty ? Array(distinct.prefix(1)) : usable
        return kept.map { continuation in
            ProposedStep(
                path: expander.child(of: parent, step: continuation.text, truncated: continuation.wasTruncated),
                likelihood: continuation.meanLogprob.map { SearchMath.exp($0) })
        }
    }

    /// `path` finished by a rollout's `continuation` (split into steps at the delimiter), recorded in the
    /// trace as one terminal node under the path's last step, as `StepExpander.rollout` does.
    func finish(_ path: PartialPath, with continuation: Continuation) -> PartialPath {
        var finished = path
        finished.steps += continuation.text.components(separatedBy: context.stepDelimiter).filter { !$0.isEmpty }
        finished.isTerminal = true
        finished.wasTruncated = continuation.wasTruncated
        finished.node = context.trace.add(parent: path.node, text: continuation.text, isTerminal: true)
        return finished
    }

    /// Completes `path` to the end with one greedy (T = 0) sample; nil when the budget refuses the call.
    func greedyCompletion(of path: PartialPath, call: Int, maxTokens: Int) async throws -> PartialPath? {
        do {
            return try await expander.rollout(path, n: 1, call: call, maxTokens: maxTokens, temperature: 0).first
        } catch is StopReason {
            return nil
        }
    }

    /// The value of each path as a whole prefix: the PRM's step scores aggregated (OpenR and ToT-with-PRM
    /// use `last`), or an outcome judge's score of the partial text. The step scores are returned too
    /// (PRM only). nil where the budget refused the scorer call.
    func prefixValues(
        _ paths: [PartialPath], kind: SolutionScorerKind, aggregation: StepAggregation
    ) async throws -> [(value: Double?, stepScores: [Double]?)] {
        guard !paths.isEmpty else { return [] }
        switch kind {
        case .prm:
            guard let scorer = context.stepScorer else { throw StrategyError.missingScorer("a process reward model (role prm)") }
            let scores = try await Scoring.stepScores(paths, problem: problem, scorer: scorer, delimiter: context.stepDelimiter)
            return scores.map { scores in (scores.map(aggregation.aggregate), scores) }
        case .outcome:
            guard let scorer = context.outcomeScorer else { throw StrategyError.missingScorer("an outcome verifier or judge") }
            let texts = paths.map { $0.text(delimiter: context.stepDelimiter) }
            let scores = try await Scoring.outcomeScores(texts, problem: problem, scorer: scorer)
            return scores.map { ($0, nil) }
        }
    }

    /// The scorer a `SolutionScorerKind` needs, or `StrategyError.missingScorer`.
    static func requireScorer(_ kind: SolutionScorerKind, in context: SearchContext) throws {
        switch kind {
        case .prm:
            if context.stepScorer == nil { throw StrategyError.missingScorer("a process reward model (role prm)") }
        case .outcome:
            if context.outcomeScorer == nil { throw StrategyError.missingScorer("an outcome verifier or judge") }
        }
    }
}

