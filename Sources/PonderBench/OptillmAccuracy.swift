import PonderCore

import struct FoundationEssentials.Date

/// Part 4: accuracy per token. Every configuration — Ponder presets and optillm approaches at matching
/// sample counts — answers every problem, one request at a time, so the sim's counters read before and
/// after each request give that problem's tokens and calls exactly, whatever the proxy reports.
/// Answers are graded as `ponder run` grades by default (the math grader: the extracted answer must be
/// mathematically equivalent to the reference).
struct OptillmAccuracy: Sendable {
    var targets: OptillmTargetSet
    var settings: OptillmSettings

    /// A configuration: a proxy and the model id that selects its strategy.
    struct Configuration: Sendable {
        var proxy: OptillmProxy
        var label: String
        var model: String
    }

    /// Ponder's `single`, `self-consistency@5`, `best-of-4@N`, `self-consistency@8`; optillm's `none`,
    /// `self_consistency` (5) and `bon` (N).
    var configurations: [Configuration] {
        let pairs = [OptillmStrategyPair.passThrough] + OptillmStrategyPair.fanOut(bestOfN: settings.bestOfN)
        var list: [Configuration] = []
        for proxy in [OptillmProxy.ponder, .optillm] {
            for pair in pairs {
                guard let model = targets.modelID(proxy, pair) else { continue }
                let name = proxy == .ponder ? pair.ponderPreset : pair.optillmApproach ?? ""
                list.append(Configuration(proxy: proxy, label: "\(proxy.rawValue):\(name)", model: model))
            }
        }
        return list
    }

    /// Ponder's and optillm's labels of each strategy both have, Ponder's first.
    var matchedPairs: [[String]] {
        ([OptillmStrategyPair.passThrough] + OptillmStrategyPair.fanOut(bestOfN: settings.bestOfN)).compactMap { pair in
            pair.optillmApproach.map { ["ponder:\(pair.ponderPreset)", "optillm:\($0)"] }
        }
    }

    func run(progress: @Sendable (String) -> Void) throws -> [OptillmAccuracyRow] {
        var rows: [OptillmAccuracyRow] = []
        for configuration in configurations {
            progress("accuracy: \(configuration.label) on \(settings.problems.count) problems…")
            for problem in settings.problems {
                rows.append(try answer(problem, with: configuration))
            }
        }
        return rows
    }

    private func answer(_ problem: OptillmSettings.Problem, with configuration: Configuration) throws -> OptillmAccuracyRow {
        guard let before = ProxySimCounter.read(origin: targets.sims[0].origin) else {
            throw ChatAnswer.Failure(description: "the sim's counters cannot be read")
        }
        let started = Date()
        var text: String?
        var failure: String?
        do {
            text = try ChatAnswer.ask(
                origin: targets.server(configuration.proxy).origin, model: configuration.model, question: problem.question,
                maxTokens: settings.sampleMaxTokens)
        } catch {
            failure = "\(error)"
        }
        let latency = Date().timeIntervalSince(started) * 1000
        guard let after = ProxySimCounter.read(origin: targets.sims[0].origin) else {
            throw ChatAnswer.Failure(description: "the sim's counters cannot be read")
        }
        let used = after - before
        let answer = text.flatMap { AnswerExtractor.extract(from: $0)?.text }
        let correct = answer.map { AnswerEquivalence.areEquivalent($0, problem.answer) } ?? false
        return OptillmAccuracyRow(
            strategy: configuration.label, proxy: configuration.proxy.rawValue, problemID: problem.id, score: correct ? 1 : 0,
            tokens: Double(used.promptTokens + used.completionTokens), promptTokens: used.promptTokens,
            completionTokens: used.completionTokens,
            backendCalls: used.backendCalls, scoringCalls: used.scoringCalls,
            latencyMS: latency, answer: answer, error: failure)
    }
}
