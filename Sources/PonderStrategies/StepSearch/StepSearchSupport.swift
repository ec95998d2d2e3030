#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PonderCore

/// How a step-level search picks its final answer among the paths it finished.
///
/// Snell et al. and huggingface/search-and-learn evaluate beam search and DVTS with the weighted
/// best-of-N vote (argmax over answer classes of the summed aggregated PRM score); the PRM-max ("naive")
/// pick is their alternative, and its_hub's particle filter defaults to it (`SelectionMethod.ARGMAX`).
public enum StepSearchSelection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Verifier-weighted vote: the answer class whose paths' scores sum highest wins.
    case weightedVote = "weighted-vote"
    /// The single path with the highest aggregated score.
    case best
}

/// One policy call of a round: continue `path` with `n` samples, seeded by `call`.
struct StepSearchExpansion {
    var path: PartialPath
    var n: Int
    var call: Int
}

/// The moves the step-level searches share: expand paths concurrently with the trace written in a fixed
/// order, score prefixes with the PRM, look ahead, and rank the final candidates.
///
/// Policy calls of one round run concurrently (a task group), but their children are added to the trace
/// only after every call of the round has returned, in request order, so one seed always gives the same
/// tree. A call the budget refuses (`StopReason`) is caught inside its task, so it never cancels the
/// calls still in flight: what they spend is settled and shows up in the usage.
struct StepSearchRun {
    /// What one merged expansion call brought back, and whether the budget refused part of it.
    private struct SampledRequest: Sendable {
        var samples: [Continuation]
        var refused: Bool
    }

    /// The steps a look-ahead rollout added to a path, and whether the budget cut it short.
    private struct Rollout: Sendable {
        var steps: [String]
        var refused: Bool
    }

    let context: SearchContext
    let problem: Problem
    let expander: StepExpander
    let scorer: MeteredStepScorer
    let aggregation: StepAggregation

    /// - Throws: `StrategyError.missingScorer` when the context has no process reward model.
    init(context: SearchContext, problem: Problem, maxStepTokens: Int, maxSteps: Int, aggregation: StepAggregation) throws {
        guard let scorer = context.stepScorer else { throw StrategyError.missingScorer("a process reward model (role prm)") }
        self.context = context
        self.problem = problem
        self.expander = StepExpander(context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxSteps)
        self.scorer = scorer
        self.aggregation = aggregation
    }

    var delimiter: String { context.stepDelimiter }

    /// The aggregated PRM score of a path, nil when none of its steps was scored.
    func score(of path: PartialPath) -> Double? {
        path.stepScores.isEmpty ? nil : aggregation.aggregate(path.stepScores)
    }

    /// Ranking key: unscored paths sort below every scored one.
    func rankKey(_ path: PartialPath) -> Double { score(of: path) ?? -.infinity }

    // MARK: Expansion

    /// Runs every request concurrently and returns each one's children, recorded in the trace in request
    /// order. With `toEnd`, each sample completes the solution (no step stop; one terminal trace node per
    /// sample, as `StepExpander.rollout` records it); otherwise each sample is one step (`StepExpander`'s
    /// child rules decide what is terminal).
    ///
    /// When the meter grants fewer samples than asked, the request asks again for the rest (a new call
    /// seed per attempt) until it has them or the budget refuses; `stopped` says whether any call was
    /// refused, and a refused request keeps the children it already got (a merged call's samples go to
    /// its requests in order, so the later ones are the ones left short).
    func expand(
        _ requests: [StepSearchExpansion], temperature: Double, toEnd: Bool = false, maxTokens: Int? = nil
    ) async throws -> (children: [[PartialPath]], stopped: Bool) {
        let tokens = maxTokens ?? expander.maxStepTokens
        let stop = toEnd ? [] : [delimiter]
        // Requests whose paths have the same steps (distinct nodes with equal text, or copies) are one
        // call for all their samples, seeded by the first request's number: the same prefix is sent once.
        var merged: [(request: StepSearchExpansion, members: [Int])] = []
        var slotOfSteps: [[String]: Int] = [:]
        for (index, request) in requests.enumerated() where request.n > 0 {
            if let slot = slotOfSteps[request.path.steps] {
                merged[slot].request.n += request.n
                merged[slot].members.append(index)
            } else {
                slotOfSteps[request.path.steps] = merged.count
                merged.append((request, [index]))
            }
        }
        let mergedRequests = merged.map(\.request)
        let results = try await inParallel(count: mergedRequests.count) { index in
            let request = mergedRequests[index]
            var samples: [Continuation] = []
            var refused = false
            var attempt = 0
            while samples.count < request.n {
                do {
                    let output = try await context.policy.complete(
                        problem, prefix: request.path.prefix(delimiter: delimiter), n: request.n - samples.count, stop: stop,
                        sampling: context.sampling(
                            call: Self.callNumber(request.call, attempt: attempt), temperature: temperature, maxTokens: tokens))
                    if output.continuations.isEmpty { break }
                    samples += output.continuations
                } catch is StopReason {
                    refused = true
                    break
                }
                attempt += 1
            }
            return SampledRequest(samples: samples, refused: refused)
        }
        // Hand each merged call's samples back to its requests in order.
        var samplesOf = [ArraySlice<Continuation>](repeating: [], count: requests.count)
        for (slot, entry) in merged.enumerated() {
            var rest = results[slot].samples[...]
            for member in entry.members {
                let take = min(requests[member].n, rest.count)
                samplesOf[member] = rest.prefix(take)
                rest = rest.dropFirst(take)
            }
        }
        var children: [[PartialPath]] = []
        children.reserveCapacity(requests.count)
        for (request, samples) in zip(requests, samplesOf) {
            children.append(
                samples.map { sample in
                    toEnd
                        ? finish(request.path, with: sample)
                        : expander.child(of: request.path, step: sample.text, truncated: sample.wasTruncated)
                })
        }
        return (children, results.contains { $0.refused })
    }

    /// Distinct call numbers for the attempts of one request (attempt 0 keeps the request's own number).
    static func callNumber(_ call: Int, attempt: Int) -> Int {
        attempt == 0 ? call : call &+ attempt << 32
    }

    /// `path` completed by `continuation`, split into steps at the delimiter, recorded as one terminal
    /// node (what `StepExpander.rollout` does, but with the trace write left to the caller's order).
    func finish(_ path: PartialPath, with continuation: Continuation) -> PartialPath {
        var finished = path
        finished.steps += continuation.text.components(separatedBy: delimiter).filter { !$0.isEmpty }
        finished.isTerminal = true
        finished.wasTruncated = continuation.wasTruncated
        finished.node = context.trace.add(parent: path.node, text: continuation.text, isTerminal: true)
        return finished
    }

    // MARK: Scoring

    /// Scores each path's full prefix with the PRM (concurrently; identical step lists are scored once),
    /// stores the scores in `stepScores` and the new step's score on its trace node. Returns whether the
    /// budget refused any scoring call; a refused path keeps its previous scores.
    func score(_ paths: inout [PartialPath]) async throws -> Bool {
        let scores = try await prmScores(paths.map(\.steps))
        var refused = false
        for index in paths.indices {
            guard let pathScores = scores[index], let last = pathScores.last else {
                refused = refused || scores[index] == nil
                continue
            }
            paths[index].stepScores = pathScores
            context.trace.setScore(paths[index].node, last)
        }
        return refused
    }

    /// Scores each path by the PRM at the end of a `k`-step greedy rollout from it (Snell et al.'s
    /// lookahead search; huggingface/search-and-learn's `dvts.py` scores `current_text + lookahead`).
    /// The path's own steps get their PRM scores, except that its last step's score is the PRM's score
    /// of the rollout's last step. Rollout steps are scoring work, not part of the search tree: they are
    /// not added to the trace. Terminal paths are scored as they are. `firstCall` numbers the rollout
    /// calls (`firstCall + index·k + j`). Returns whether the budget refused any call.
    func scoreWithLookahead(_ paths: inout [PartialPath], k: Int, firstCall: Int) async throws -> Bool {
        guard k > 0 else { return try await score(&paths) }
        let starts = paths
        let rollouts = try await inParallel(count: starts.count) { index in
            var current = starts[index]
            var rollout = Rollout(steps: [], refused: false)
            guard !current.isTerminal else { return rollout }
            for j in 0..<k {
                let output: PolicyOutput
                do {
                    output = try await context.policy.complete(
                        problem, prefix: current.prefix(delimiter: delimiter), n: 1, stop: [delimiter],
                        sampling: context.sampling(call: firstCall + index * k + j, temperature: 0, maxTokens: expander.maxStepTokens))
                } catch is StopReason {
                    rollout.refused = true
                    break
                }
                guard let continuation = output.continuations.first else { break }
                let step = continuation.text.trimmingTrailingNewlines()
                rollout.steps.append(step)
                current.steps.append(step)
                if continuation.wasTruncated || step.allSatisfy(\.isWhitespace) || StepExpander.holdsFinalAnswer(step) {
                    break
                }
            }
            return rollout
        }
        let scores = try await prmScores(paths.indices.map { paths[$0].steps + rollouts[$0].steps })
        var refused = rollouts.contains { $0.refused }
        for index in paths.indices {
            guard let pathScores = scores[index], let last = pathScores.last else {
                refused = refused || scores[index] == nil
                continue
            }
            let own = paths[index].steps.count
            var stepScores = Array(pathScores.prefix(own))
            if !stepScores.isEmpty { stepScores[stepScores.count - 1] = last }
            paths[index].stepScores = stepScores
            context.trace.setScore(paths[index].node, last)
        }
        return refused
    }

    /// Scores one round's children: by PRM with a `lookahead`-step greedy rollout, or directly (k = 0, and
    /// always on the last round). Advances `call` past the rollout calls. Returns whether the budget
    /// refused any call.
    func scoreRound(_ children: inout [PartialPath], lookahead: Int, isLast: Bool, call: inout Int) async throws -> Bool {
        guard lookahead > 0 && !isLast else { return try await score(&children) }
        let refused = try await scoreWithLookahead(&children, k: lookahead, firstCall: call)
        call += children.count * lookahead
        return refused
    }

    /// PRM scores of step lists, concurrently, each distinct list once; nil where the budget refused.
    func prmScores(_ stepLists: [[String]]) async throws -> [[Double]?] {
        var unique: [[String]] = []
        var slot: [[String]: Int] = [:]
        let mapping = stepLists.map { steps in
            if let existing = slot[steps] { return existing }
            slot[steps] = unique.count
            unique.append(steps)
            return unique.count - 1
        }
        let scored = try await Scoring.stepScores(
            unique.map { PartialPath(steps: $0) }, problem: problem, scorer: scorer, delimiter: delimiter)
        return mapping.map { scored[$0] }
    }

    // MARK: The answer

    /// Ranks the finished paths (when none finished: the unfinished ones, as incomplete candidates), marks
    /// the winner in the trace, and builds the solution.
    func solution(
        kind: String, finished: [PartialPath], unfinished: [PartialPath], selection: StepSearchSelection
    ) -> Solution {
        let pool = finished.isEmpty ? unfinished.filter { !$0.steps.isEmpty } : finished
        let candidates = pool.map { $0.candidate(delimiter: delimiter, score: score(of: $0)) }
        let ranked: [Candidate]
        switch selection {
        case .weightedVote: ranked = Voting.weighted(candidates)
        case .best: ranked = Voting.rankByScore(candidates)
        }
        if let winner = ranked.first,
            let index = candidates.firstIndex(where: { $0.text == winner.text && $0.score == winner.score })
        {
            context.trace.choose(pool[index].node)
        }
        return context.finish(kind: kind, candidates: ranked)
    }
}
