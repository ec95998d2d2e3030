import Foundation
import PonderAllocator
import PonderCore
import PonderEngine
import PonderSandbox

/// `ponder run` as a library call: checks the request against the engine and the store, plans the
/// work (skipping what a resumed store already holds), runs it, and closes the session.
///
/// ```swift
/// let request = BatchRun.Request(dataset: dataset, preset: "best-of-4", seeds: 3)
/// let report = try await BatchRun(request: request, engine: engine, store: store).execute(progress: reporter)
/// print(report.summary.text)
/// ```
public struct BatchRun: Sendable {
    public struct Request: Sendable {
        public var dataset: Dataset
        public var preset: String
        public var seeds: Int
        /// Only the first `limit` rows.
        public var limit: Int?
        public var concurrency: Int
        public var budget: Budget
        public var grader: GraderSpec
        public var resume: Bool
        public var maxFailures: Int
        /// With `auto`: completion tokens for the whole batch (the probe included), spread over the problems
        /// by the allocation table; the batch never spends more.
        public var tokenBudget: Int?
        /// The share of what is left after the probe that the up-front plan keeps back.
        public var reserve: Double
        /// With `auto`: tell the allocator each row's true difficulty bin (from its `difficulty`), as an oracle.
        public var oracleBins: Bool

        public init(
            dataset: Dataset, preset: String, seeds: Int = 1, limit: Int? = nil, concurrency: Int = 8,
            budget: Budget = .unlimited, grader: GraderSpec = .math, resume: Bool = false, maxFailures: Int = 10,
            tokenBudget: Int? = nil, reserve: Double = 0.05, oracleBins: Bool = false
        ) {
            self.tokenBudget = tokenBudget
            self.reserve = reserve
            self.oracleBins = oracleBins
            self.dataset = dataset
            self.preset = preset
            self.seeds = seeds
            self.limit = limit
            self.concurrency = concurrency
            self.budget = budget
            self.grader = grader
            self.resume = resume
            self.maxFailures = maxFailures
        }
    }

    /// What `execute` did: this session's outcome and the summary of every requested row in the store.
    public struct Report: Sendable {
        public var outcome: BatchRunner.Outcome
        public var summary: RunSummary
        /// Rows the store held already (skipped by `--resume`).
        public var alreadyRecorded: Int
    }

    public var request: Request
    public var engine: Engine
    public var store: RunStore

    public init(request: Request, engine: Engine, store: RunStore) {
        self.request = request
        self.engine = engine
        self.store = store
    }

    /// The metadata this request would store (or must match, when resuming).
    public func metadata() throws -> RunMetadata {
        guard let preset = engine.presets.preset(named: request.preset) else {
            throw RunSetupError.unknownPreset(request.preset, known: engine.presets.presets.map(\.name))
        }
        let model = engine.endpoints.clients.first { $0.configuration.roles.contains(.policy) }?.configuration.model ?? ""
        return RunMetadata(
            preset: request.preset,
            presetDefinition: try PresetDefinition.json(
                preset, table: preset.kind == AutoParameters.kind ? try engine.allocation(forPreset: request.preset).table : nil),
            model: model,
            endpoints: try endpointsJSON(), grader: request.grader.description, budget: request.budget,
            seeds: request.seeds, dataset: request.dataset.file)
    }

    /// The work left: requested rows × seeds, less what the store holds.
    public func plan() async throws -> (items: [WorkItem], alreadyRecorded: Int) {
        let finished = try await store.finishedKeys()
        let all = WorkItem.plan(rows: request.dataset.rows, seeds: request.seeds, limit: request.limit)
        let left = all.filter { !finished.contains($0.key) }
        return (left, all.count - left.count)
    }

    public func execute(
        progressStyle: ProgressReporter.Style, write: @escaping @Sendable (String) -> Void = { _ in },
        stop: StopRequest = StopRequest(), onStart: @Sendable (ProgressReporter) -> Void = { _ in }
    ) async throws -> Report {
        let metadata = try metadata()
        try checkAllocationOptions()
        try await checkSandboxIfNeeded()
        let session = try await store.begin(
            metadata,
            session: RunSession(
                endpoints: metadata.endpoints, concurrency: request.concurrency, seeds: request.seeds, limit: request.limit),
            resume: request.resume)
        let (items, alreadyRecorded) = try await plan()
        let progress = ProgressReporter(total: items.count, style: progressStyle, write: write)
        onStart(progress)
        if alreadyRecorded > 0 { progress.note("resuming: \(alreadyRecorded) results already recorded, \(items.count) to go") }
        let allocation: BatchAllocationState?
        do {
            allocation = try await allocationState(items: items, progress: progress)
        } catch {
            try? await store.finish(session: session, status: .failed, completedRun: false)
            throw error
        }
        let runner = BatchRunner(
            solver: ProblemSolver(
                engine: engine, preset: request.preset, budget: request.budget, grader: request.grader, allocation: allocation),
            store: store, concurrency: request.concurrency, maxFailures: request.maxFailures)
        let ticker = Task { await progress.tick() }
        let started = ContinuousClock.now
        let outcome: BatchRunner.Outcome
        do {
            outcome = try await runner.run(items, session: session, stop: stop, progress: progress)
        } catch {
            ticker.cancel()
            progress.finish()
            try? await store.finish(session: session, status: .failed, completedRun: false)
            throw error
        }
        ticker.cancel()
        progress.finish()
        let status: RunSession.Status = outcome.completed ? .finished : outcome.stoppedByRequest ? .interrupted : .failed
        try await store.finish(session: session, status: status, completedRun: outcome.completed)

        let wanted = Set(WorkItem.plan(rows: request.dataset.rows, seeds: request.seeds, limit: request.limit).map(\.key))
        let results = try await store.results(withCandidates: false).filter { wanted.contains($0.key) }
        let summary = RunSummary(
            preset: request.preset, model: metadata.model, store: store.path, requested: wanted.count, results: results,
            sessionRecorded: outcome.recorded, sessionFailed: outcome.failures.count,
            wallSeconds: ProblemSolver.milliseconds(ContinuousClock.now - started) / 1000)
        return Report(outcome: outcome, summary: summary, alreadyRecorded: alreadyRecorded)
    }

    private func endpointsJSON() throws -> String {
        struct Endpoint: Encodable {
            var name: String
            var model: String
            var replicas: [String]
            var roles: [String]
        }
        let endpoints = engine.endpoints.clients.map { client in
            Endpoint(
                name: client.configuration.name, model: client.configuration.model, replicas: client.configuration.replicas,
                roles: client.configuration.roles.map(\.rawValue).sorted())
        }
        return try StoreCoding.json(endpoints)
    }

    /// The code grader refuses to run unsandboxed; say so before any problem is solved.
    private func checkSandboxIfNeeded() async throws {
        let rows = request.dataset.rows.prefix(request.limit ?? request.dataset.rows.count)
        guard rows.contains(where: { ($0.grader ?? request.grader) == .code }) else { return }
        if let reason = await Sandbox().unavailabilityReason() { throw RunSetupError.sandboxUnavailable(reason) }
    }
}
