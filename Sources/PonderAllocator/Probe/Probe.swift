import PonderCore
import PonderStrategies

/// What the probe found: the pilots, their verifier scores, the features, and what it cost.
public struct ProbeOutcome: Sendable {
    public var pilots: [Continuation]
    /// One per pilot; nil where no verifier scored it.
    public var scores: [Double?]
    public var features: ProbeFeatures
    /// Policy and scorer usage of the probe.
    public var usage: Usage

    public init(pilots: [Continuation], scores: [Double?], features: ProbeFeatures, usage: Usage) {
        self.pilots = pilots
        self.scores = scores
        self.features = features
        self.usage = usage
    }

    /// The pilots as candidates: verifier-weighted vote when scored, majority vote otherwise.
    public var rankedCandidates: [Candidate] {
        let candidates = pilots.enumerated().map { index, pilot in
            Candidate(text: pilot.text, score: index < scores.count ? scores[index] : nil, isComplete: !pilot.wasTruncated)
        }
        return scores.contains { $0 != nil } ? Voting.weighted(candidates) : Voting.majority(candidates)
    }

    /// The pilots' vote as the solution, with the pilots in the trace and the winner chosen.
    public func answer(context: SearchContext, kind: String) -> Solution {
        let ranked = rankedCandidates
        var chosen: Int?
        for (index, pilot) in pilots.enumerated() {
            let score = index < scores.count ? scores[index] : nil
            let node = context.trace.add(parent: TraceRecorder.root, text: pilot.text, score: score, isTerminal: true)
            if chosen == nil, pilot.text == ranked.first?.text { chosen = node }
        }
        if let chosen { context.trace.choose(chosen) }
        return context.finish(kind: kind, candidates: ranked)
    }
}

/// Draws the pilots in one policy call and scores them with whatever verifier the context has (the
/// PRM's last-step score, else the outcome scorer, else none). Every call goes through the context's
/// meter, so the probe is part of the request's usage and budget.
public enum Probe {
    /// Call numbers far from the ones strategies count from 0, so pilots never repeat a later sample's seed.
    static let firstCall = 0x7072_6F62

    public static func run(_ problem: Problem, context: SearchContext, settings: ProbeSettings) async throws -> ProbeOutcome {
        let before = context.meter.usage
        var pilots: [Continuation] = []
        var call = firstCall
        while pilots.count < settings.samples {
            do {
                let output = try await context.policy.complete(
                    problem, prefix: "", n: settings.samples - pilots.count, stop: [],
                    sampling: context.sampling(call: call, temperature: settings.temperature, maxTokens: settings.maxTokens))
                if output.continuations.isEmpty { break }
                pilots += output.continuations
                call += 1
            } catch is StopReason {
                break
            }
        }
        let completionTokens = context.meter.usage.completionTokens - before.completionTokens
        let scores = try await score(pilots, problem: problem, context: context)
        let after = context.meter.usage
        let usage = Usage(
            promptTokens: after.promptTokens - before.promptTokens,
            completionTokens: after.completionTokens - before.completionTokens,
            cachedPromptTokens: after.cachedPromptTokens - before.cachedPromptTokens,
            calls: after.calls - before.calls, uncountedChoices: after.uncountedChoices - before.uncountedChoices)
        return ProbeOutcome(
            pilots: pilots, scores: scores,
            features: ProbeFeatures.measure(pilots: pilots, scores: scores, completionTokens: completionTokens), usage: usage)
    }

    private static func score(_ pilots: [Continuation], problem: Problem, context: SearchContext) async throws -> [Double?] {
        guard !pilots.isEmpty else { return [] }
        let kind: SolutionScorerKind
        if context.stepScorer != nil {
            kind = .prm
        } else if context.outcomeScorer != nil {
            kind = .outcome
        } else {
            return pilots.map { _ in nil }
        }
        return try await context.scoreSolutions(pilots, problem: problem, with: kind, aggregation: .last)
    }
}
