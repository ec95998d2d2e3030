import PonderCore

/// Draws whole solutions until it has `n` or the budget stops it.
///
/// The first call asks for all `n` at once (one request, the backend batches them); when the budget
/// grants fewer, further calls ask for the rest. Under a deadline the samples are asked for in four
/// rounds instead, so that when the deadline passes there are samples to return.
struct SampleCollector {
    let context: SearchContext
    let problem: Problem
    let temperature: Double
    let maxTokens: Int
    /// Stop sequences of every call (a client's, for `single`); none for a whole-solution search.
    var stop: [String] = []

    func collect(_ n: Int, startCall: Int = 0) async throws -> [Continuation] {
        var samples: [Continuation] = []
        var call = startCall
        let round = context.meter.budget.deadlineSeconds == nil ? n : max(1, (n + 3) / 4)
        while samples.count < n {
            do {
                let output = try await context.policy.complete(
                    problem, prefix: "", n: min(round, n - samples.count), stop: stop,
                    sampling: context.sampling(call: call, temperature: temperature, maxTokens: maxTokens))
                // The first batch is taken as it is: `+=` onto an empty array would copy it into a new one.
                if samples.isEmpty { samples = output.continuations } else { samples += output.continuations }
                call += 1
                if output.continuations.isEmpty { break }
            } catch is StopReason {
                break
            }
        }
        return samples
    }

    /// Samples `n` solutions, scores them, ranks them with `rank`, marks the winner in the trace.
    func solveScored(
        _ n: Int, scorer: SolutionScorerKind, aggregation: StepAggregation, kind: String,
        rank: ([Candidate]) -> [Candidate]
    ) async throws -> Solution {
        let samples = try await collect(n)
        let scores = try await context.scoreSolutions(samples, problem: problem, with: scorer, aggregation: aggregation)
        let ranked = rank(record(samples, scores: scores))
        if let best = ranked.first, let index = samples.firstIndex(where: { $0.text == best.text }) {
            context.trace.choose(index + 1)
        }
        return context.finish(kind: kind, candidates: ranked)
    }

    /// Records samples as children of the root and returns them as candidates.
    func record(_ samples: [Continuation], scores: [Double?] = []) -> [Candidate] {
        samples.enumerated().map { index, sample in
            let score = index < scores.count ? scores[index] : nil
            context.trace.add(parent: TraceRecorder.root, text: sample.text, score: score, isTerminal: true)
            return Candidate(text: sample.text, score: score, isComplete: !sample.wasTruncated)
        }
    }
}

/// How sampling strategies judge whole solutions.
public enum SolutionScorerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A process reward model over the solution's steps, aggregated.
    case prm
    /// An outcome verifier or judge over the whole solution.
    case outcome
}

extension SearchContext {
    /// Scores whole solutions with the PRM (aggregated) or the outcome scorer.
    public func scoreSolutions(
        _ samples: [Continuation], problem: Problem, with kind: SolutionScorerKind, aggregation: StepAggregation
    ) async throws -> [Double?] {
        switch kind {
        case .prm:
            guard let scorer = stepScorer else { throw StrategyError.missingScorer("a process reward model (role prm)") }
            let paths = samples.map { PartialPath(steps: $0.text.components(separatedBy: stepDelimiter).filter { !$0.isEmpty }) }
            let scores = try await Scoring.stepScores(paths, problem: problem, scorer: scorer, delimiter: stepDelimiter)
            return scores.map { $0.map(aggregation.aggregate) }
        case .outcome:
            guard let scorer = outcomeScorer else { throw StrategyError.missingScorer("an outcome verifier or judge") }
            return try await Scoring.outcomeScores(samples.map(\.text), problem: problem, scorer: scorer)
        }
    }
}
