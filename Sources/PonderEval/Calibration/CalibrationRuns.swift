import Foundation
import PonderAllocator
import PonderCore
import PonderEngine

/// `ponder calibrate` as a library call: runs the probe and every preset at every budget over the
/// dataset through the run engine (one run store each, in `folder`, so an interrupted calibration
/// resumes), reads the graded results back, and fits the allocation table.
public struct CalibrationRuns: Sendable {
    public var dataset: Dataset
    /// The probe preset (kind `probe`).
    public var probePreset: String
    public var presets: [String]
    public var budgets: [Int]
    public var folder: String
    public var concurrency: Int
    public var grader: GraderSpec
    public var options: CalibrationOptions

    public init(
        dataset: Dataset, probePreset: String = "probe", presets: [String], budgets: [Int], folder: String,
        concurrency: Int = 8, grader: GraderSpec = .math, options: CalibrationOptions = .init()
    ) {
        self.dataset = dataset
        self.probePreset = probePreset
        self.presets = presets
        self.budgets = budgets
        self.folder = folder
        self.concurrency = concurrency
        self.grader = grader
        self.options = options
    }

    /// The configurations swept: `preset@N` for every budget, or the preset alone when it has no budget parameter.
    public func configurations(engine: Engine) throws -> [CalibrationConfiguration] {
        var configurations: [CalibrationConfiguration] = []
        for name in presets {
            guard let preset = engine.presets.preset(named: name) else {
                throw RunSetupError.unknownPreset(name, known: engine.presets.presets.map(\.name))
            }
            guard preset.kind != AutoParameters.kind, preset.kind != ProbeParameters.kind else {
                throw CalibrationError(message: "'\(name)' is an allocator itself; calibrate search presets")
            }
            if PresetLibrary.budgetParameter(kind: preset.kind) == nil {
                configurations.append(CalibrationConfiguration(name: name, budget: 1))
            } else {
                for budget in budgets {
                    let variant = "\(name)@\(budget)"
                    guard engine.presets.preset(named: variant) != nil else {
                        throw CalibrationError(message: "'\(variant)': \(name) cannot run at budget \(budget)")
                    }
                    configurations.append(CalibrationConfiguration(name: variant, budget: budget))
                }
            }
        }
        return configurations
    }

    /// Runs what is missing and fits. `report` hears a line per run as it finishes.
    public func run(engine: Engine, report: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Calibration.Result {
        let (problems, configurations, options) = try await gather(engine: engine, report: report)
        return try Calibration.fit(problems, configurations: configurations, tiers: budgets, options: options)
    }

    /// Runs what is missing and reads it back: the problems with every configuration's outcome, the
    /// configurations, and the options with the probe's settings filled in.
    public func gather(
        engine: Engine, report: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> (problems: [CalibrationProblem], configurations: [CalibrationConfiguration], options: CalibrationOptions) {
        guard let probe = engine.presets.preset(named: probePreset), probe.kind == ProbeParameters.kind else {
            throw CalibrationError(message: "'\(probePreset)' is not a probe preset (kind: probe)")
        }
        let configurations = try configurations(engine: engine)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let probeResults = try await results(of: probePreset, engine: engine, report: report, withCandidates: true)
        var outcomes: [String: [String: CalibrationOutcome]] = [:]
        for configuration in configurations {
            // Candidates are only read for the agreement a second look is fitted on.
            for result in try await results(of: configuration.name, engine: engine, report: report, withCandidates: options.escalate) {
                outcomes[result.problemID, default: [:]][configuration.name] = CalibrationOutcome(
                    correct: result.correct, tokens: Double(result.usage.completionTokens),
                    agreement: options.escalate ? AnswerAgreement.share(of: result.answer, among: result.candidates.map(\.answer)) : nil)
            }
        }
        // A second look in rounds repeats a lower tier's cell: every configuration below the top budget
        // runs on `rounds` seeds (a store of its own), and each problem's pooled rounds are read from them.
        let top = budgets.max() ?? 0
        for configuration in configurations where options.rounds >= 2 && configuration.budget < top {
            let runs = try await results(
                of: configuration.name, engine: engine, report: report, withCandidates: true, seeds: options.rounds)
            for (problemID, seeds) in Dictionary(grouping: runs, by: \.problemID) {
                guard outcomes[problemID]?[configuration.name] != nil else { continue }
                outcomes[problemID]?[configuration.name]?.rounds = PooledRound.cumulative(seeds.sorted { $0.seed < $1.seed }.map(Self.pooledRun))
            }
        }
        let problems = probeResults.compactMap { result -> CalibrationProblem? in
            guard let features = result.allocation?.features else { return nil }
            return CalibrationProblem(
                id: result.problemID, features: features, pilotCorrect: result.correct,
                probeTokens: Double(result.usage.completionTokens), outcomes: outcomes[result.problemID] ?? [:],
                pilotsRight: result.candidates.filter(\.correct).count,
                pilotAgreement: AnswerAgreement.share(of: result.answer, among: result.candidates.map(\.answer)))
        }
        var options = self.options
        options.probe = try ProbeParameters.read(probe.parameters)
        options.source = options.source
            ?? "ponder calibrate: \(dataset.file), \(problems.count) problems, presets \(presets.joined(separator: ",")), budgets \(budgets.map(String.init).joined(separator: ","))"
        return (problems, configurations, options)
    }

    /// A stored result as one round of a pooled second look.
    static func pooledRun(_ result: StoredResult) -> PooledRound.Run {
        PooledRound.Run(
            correct: result.correct, tokens: Double(result.usage.completionTokens),
            candidates: result.candidates.compactMap { stored in
                stored.answer.map { answer in
                    (Candidate(text: stored.text, answer: answer, score: stored.score, isComplete: stored.isComplete), stored.correct)
                }
            })
    }

    /// One preset's results over the dataset, running (or resuming) its store first; with more than one
    /// seed, in a store of its own (`preset+seedsN`).
    private func results(
        of preset: String, engine: Engine, report: @escaping @Sendable (String) -> Void, withCandidates: Bool = false, seeds: Int = 1
    ) async throws -> [StoredResult] {
        let path = folder + "/" + preset + (seeds > 1 ? "+seeds\(seeds)" : "") + ".sqlite"
        let store = try RunStore.open(at: path)
        let request = BatchRun.Request(
            dataset: dataset, preset: preset, seeds: seeds, concurrency: concurrency, grader: grader, resume: true)
        let run = BatchRun(request: request, engine: engine, store: store)
        let outcome = try await run.execute(progressStyle: .silent)
        guard outcome.outcome.completed else {
            let first = outcome.outcome.failures.first.map { ": \($0.key.problemID): \($0.message)" } ?? ""
            throw CalibrationError(
                message: "\(preset): \(outcome.outcome.failures.count) problem(s) failed\(first); rerun to resume from \(path)")
        }
        let summary = outcome.summary
        let accuracy = summary.accuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
        report("\(preset)\(seeds > 1 ? " (\(seeds) seeds)" : ""): \(summary.recorded) problems, \(accuracy) right\(outcome.alreadyRecorded > 0 ? " (\(outcome.alreadyRecorded) from an earlier run)" : "")")
        return try await store.results(withCandidates: withCandidates)
    }
}
