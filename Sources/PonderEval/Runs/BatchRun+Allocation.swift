import PonderAllocator
import PonderCore
import PonderEngine

extension BatchRun {
    /// Checks that `--token-budget` and `--oracle-bins` come with an `auto` preset and sane values.
    func checkAllocationOptions() throws {
        guard request.tokenBudget != nil || request.oracleBins else { return }
        guard let preset = engine.presets.preset(named: request.preset), preset.kind == AutoParameters.kind else {
            throw RunSetupError.invalidRequest(
                "--token-budget and --oracle-bins need an auto preset (kind: auto); '\(request.preset)' is not one")
        }
        if let total = request.tokenBudget, total <= 0 { throw RunSetupError.invalidRequest("--token-budget must be positive") }
        guard (0..<1).contains(request.reserve) else { throw RunSetupError.invalidRequest("--reserve must be from 0 to below 1") }
    }

    /// With a per-batch token budget: probes every problem first (each probe capped so the batch cannot
    /// overspend), then spreads what is left over the problems with `BatchAllocator`, and hands the plans
    /// and a token pool to the solver. With `--oracle-bins`: the bins an oracle is told. Nil otherwise.
    func allocationState(items: [WorkItem], progress: ProgressReporter) async throws -> BatchAllocationState? {
        guard request.tokenBudget != nil || request.oracleBins else { return nil }
        let (table, tier) = try engine.allocation(forPreset: request.preset)
        var state = BatchAllocationState()
        if request.oracleBins {
            let rows = Array(request.dataset.rows.prefix(request.limit ?? request.dataset.rows.count))
            state.knownBins = try BatchAllocationState.oracleBins(rows: rows, bins: table.binCount)
        }
        guard let total = request.tokenBudget else { return state }

        let wanted = Set(WorkItem.plan(rows: request.dataset.rows, seeds: request.seeds, limit: request.limit).map(\.key))
        let spentBefore = try await store.results(withCandidates: false).filter { wanted.contains($0.key) }
            .reduce(0) { $0 + $1.usage.completionTokens }
        progress.note("token budget \(total): \(spentBefore) spent by results already recorded; probing \(items.count) problem(s)")
        let probePool = TokenPool(available: total - spentBefore, planned: 0, headroom: 1)
        let solver = ProblemSolver(engine: engine, preset: request.preset, budget: request.budget, grader: request.grader)
        let probes = try await probeAll(items, solver: solver, table: table, pool: probePool, knownBins: state.knownBins)
        let probeSpent = probes.values.reduce(0) { $0 + $1.probe.usage.completionTokens }
        let left = max(0, total - spentBefore - probeSpent)

        let allocation = try BatchAllocator.allocate(
            items.map { item in
                let prepared = probes[item.key]!
                return BatchAllocator.Item(bin: prepared.bin, earlyExit: prepared.plan == .pilots(earlyExit: true))
            },
            table: table, tierCap: tier, tokens: Double(left) * (1 - request.reserve))
        for (index, item) in items.enumerated() {
            var prepared = probes[item.key]!
            prepared.plan = allocation.plans[index]
            state.prepared[item.key] = prepared
            state.estimates[item.key] = Int(allocation.estimatedTokens[index].rounded(.up))
        }
        state.pool = TokenPool(available: left, planned: state.estimates.values.reduce(0, +))
        let searched = allocation.plans.filter { if case .preset = $0 { return true } else { return false } }.count
        progress.note(
            "probes spent \(probeSpent) tokens; \(searched) problem(s) get a search (about \(Int(allocation.plannedTokens)) tokens), "
                + "\(items.count - searched) answer from their pilots; \(left) tokens left for the plans")
        return state
    }

    /// Every item's probe, `concurrency` at a time, each capped by an even share of what the pool has left.
    private func probeAll(
        _ items: [WorkItem], solver: ProblemSolver, table: AllocationTable, pool: TokenPool, knownBins: [String: Int]
    ) async throws -> [ProblemSeed: PreparedAllocation] {
        let engine = self.engine
        let preset = request.preset
        let worstCase = table.probe.samples * table.probe.maxTokens
        return try await withThrowingTaskGroup(of: (ProblemSeed, PreparedAllocation).self) { group in
            var results: [ProblemSeed: PreparedAllocation] = [:]
            var next = 0
            func startNext() throws {
                guard next < items.count else { return }
                let item = items[next]
                next += 1
                let problem = try solver.problem(for: item.row)
                let waiting = items.count - next + 1
                group.addTask {
                    let cap = pool.reserveShare(upTo: worstCase, waiting: waiting)
                    let prepared = try await engine.probe(
                        problem: problem, preset: preset, seed: EngineSeed.derive(problemID: item.row.id, seed: item.seed),
                        knownBin: knownBins[item.row.id],
                        budget: Budget(maxCompletionTokens: cap, hardTokenLimit: true))
                    pool.settle(cap: cap, used: prepared.probe.usage.completionTokens)
                    return (item.key, prepared)
                }
            }
            for _ in 0..<max(1, request.concurrency) { try startNext() }
            while let (key, prepared) = try await group.next() {
                results[key] = prepared
                try startNext()
            }
            return results
        }
    }
}
