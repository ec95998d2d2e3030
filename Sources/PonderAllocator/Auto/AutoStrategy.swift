import PonderCore

/// The `auto` strategy: probe, estimate difficulty, plan from the allocation table, run the plan.
///
/// 1. Probe: K pilots (the table's probe settings), scored by the verifier when there is one.
/// 2. Features and predicted difficulty (`DifficultyModel`), then the bin (`AllocationTable`).
/// 3. Early exit: when the table's rule fires (pilots unanimous, verifier scores high), the pilots' vote
///    is the answer.
/// 4. Plan: the cell of (bin, tier), where the tier is the preset's cap, lowered to the largest one whose
///    estimated cost still fits the request's token budget. The planned search runs on the same budget
///    meter (the probe counts against the budget and shows in the usage), with the pilots served to it as
///    its first samples or first steps (`PilotReplayPolicy`).
/// 5. Second look: a tier with an escalation plans with a lower tier's cell first; when that search's
///    answer is backed by too few of its candidates (`Solution.agreement`), the tier's own cell runs too,
///    on the same meter and only if the budget leaves room for its estimated cost, and its answer is
///    returned if it finishes. An escalation in rounds runs the first cell again instead, on fresh seeds,
///    while the weighted vote over all rounds' candidates is split (`PooledVote`), and answers with that
///    pooled vote.
///
/// With `knownBin` (an oracle that knows the prompt's true difficulty) the bin comes from outside and
/// the early exit is skipped; with a `PreparedAllocation` (a batch allocator already probed and planned)
/// the probe is not repeated and its usage is added to the solution's.
public struct AutoStrategy: Strategy {
    public let kind = "auto"
    public var table: AllocationTable
    /// The largest budget tier a plan may come from.
    public var tier: Int
    public var knownBin: Int?
    public var prepared: PreparedAllocation?
    public var planner: @Sendable (String) throws -> PlannedSearch

    public init(
        table: AllocationTable, tier: Int, knownBin: Int? = nil, prepared: PreparedAllocation? = nil,
        planner: @escaping @Sendable (String) throws -> PlannedSearch
    ) {
        self.table = table
        self.tier = tier
        self.knownBin = knownBin
        self.prepared = prepared
        self.planner = planner
    }

    /// The rarer paths it may take (`run`, `secondLook`, `pooledRounds`) are out of line, each with a frame
    /// of its own: inlined, their solutions and contexts made this frame 12 KB, allocated for every request.
    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let probe: ProbeOutcome
        if let prepared {
            probe = prepared.probe
        } else {
            probe = try await Probe.run(problem, context: context, settings: table.probe)
        }
        var (record, planned, cells) = decide(probe: probe, meter: context.meter)

        var solution: Solution
        switch planned.plan {
        case .pilots(let earlyExit):
            record.earlyExit = earlyExit
            record.tier = earlyExit ? nil : (planned.tier ?? tier)
            solution = probe.answer(context: context, kind: kind)
        case .preset(let name, let tier):
            record.plan = name
            record.tier = tier
            // Where a second look may follow, the first search samples afresh, as calibration measured
            // its agreement: served the pilots, it would start from a vote that was not unanimous.
            let (first, served) = try await run(name, problem: problem, probe: probe, context: context, replayingPilots: cells?.second == nil)
            solution = first
            record.pilotsReused = served
        }
        if let escalation = cells?.escalation, let wide = cells?.second {
            if let rounds = escalation.rounds {
                solution = try await pooledRounds(
                    escalation, rounds: rounds, cell: wide, after: solution, problem: problem, probe: probe, context: context, record: &record)
            } else {
                solution = try await secondLook(
                    escalation, wide: wide, after: solution, problem: problem, probe: probe, context: context, record: &record)
            }
        }
        if prepared != nil { solution.usage += probe.usage }
        solution.strategy = kind
        solution.allocation = record
        return solution
    }

    /// The probe's difficulty, bin and plan, and the cells a second look may use; out of line, so that its
    /// temporaries stay on the thread's stack rather than in `solve`'s async frame.
    @inline(never)
    private func decide(probe: ProbeOutcome, meter: BudgetMeter) -> (
        record: AllocationRecord, planned: (plan: PreparedAllocation.Plan, tier: Int?),
        cells: (first: AllocationTable.Cell, second: AllocationTable.Cell?, escalation: AllocationTable.Escalation?)?
    ) {
        let difficulty = prepared?.difficulty ?? table.model.difficulty(probe.features)
        let bin = knownBin ?? prepared?.bin ?? table.bin(forDifficulty: difficulty)
        let record = AllocationRecord(
            features: probe.features, difficulty: difficulty, bin: bin, binSource: knownBin == nil ? "probe" : "known",
            probeUsage: probe.usage)
        let planned = prepared.map { (plan: $0.plan, tier: Int?.none) } ?? plan(bin: bin, features: probe.features, meter: meter)
        // Only a plan this strategy made can take a second look: a batch allocator costed every problem's
        // plan up front, and a second look would spend outside it.
        let cells = planned.tier.map { table.plannedCells(bin: bin, tier: $0) }
        return (record, planned, cells)
    }

    static let escalationSeed: UInt64 = 0x6573_6361_6c61_7465

    /// Runs the tier's own cell when too few of the first search's candidates back its answer and the
    /// budget still holds the cell's estimated cost. Its answer replaces the first only when it ran to the
    /// end; either way its usage is the request's.
    @inline(never)
    private func secondLook(
        _ escalation: AllocationTable.Escalation, wide: AllocationTable.Cell, after first: Solution, problem: Problem,
        probe: ProbeOutcome, context: SearchContext, record: inout AllocationRecord
    ) async throws -> Solution {
        let agreement = first.agreement
        record.agreement = agreement
        guard escalation.fires(agreement: agreement), context.meter.stopReason == nil, Self.affords(wide, context.meter) else { return first }
        // Its own seed and no pilots, so it does not repeat what the first search already saw.
        var look = context
        look.seed = SeedMixer.mix(context.seed, Self.escalationSeed)
        let (second, _) = try await run(wide.preset, problem: problem, probe: probe, context: look, replayingPilots: false)
        record.escalatedTo = wide.preset
        if second.cutShort == nil, second.answer != nil { return second }
        var kept = first
        kept.usage = second.usage
        kept.generationEquivalents = second.generationEquivalents
        // The trace keeps the second look's nodes, but the answer chosen is still the first search's.
        kept.trace = second.trace
        kept.trace.chosen = first.trace.chosen
        return kept
    }

    /// Runs the first cell again, each round on a fresh seed and without the pilots, while the pooled vote
    /// over every round's answered candidates (`PooledVote`) backs its winner with less than the
    /// escalation's share, up to `rounds` runs in all and while the budget holds another round's estimated
    /// cost. When no later round added an answer, the first search's own answer stands (as calibration
    /// scores one round); otherwise the pooled vote answers. Either way the usage is every round's.
    @inline(never)
    private func pooledRounds(
        _ escalation: AllocationTable.Escalation, rounds: Int, cell: AllocationTable.Cell, after first: Solution, problem: Problem,
        probe: ProbeOutcome, context: SearchContext, record: inout AllocationRecord
    ) async throws -> Solution {
        var pool = first.candidates
        var vote = PooledVote.tally(pool)
        var last = first
        var round = 1
        var added = false
        while round < rounds, escalation.fires(agreement: vote.share), context.meter.stopReason == nil, Self.affords(cell, context.meter) {
            try Task.checkCancellation()
            var look = context
            look.seed = SeedMixer.mix(context.seed, Self.escalationSeed &+ UInt64(round))
            (last, _) = try await run(cell.preset, problem: problem, probe: probe, context: look, replayingPilots: false)
            round += 1
            let answered = last.candidates.filter { $0.answer != nil }
            added = added || !answered.isEmpty
            pool += answered
            vote = PooledVote.tally(pool)
            if last.cutShort != nil { break }
        }
        record.rounds = round
        record.agreement = vote.share
        var pooled = first
        // The meter's totals, which the last round's solution carries.
        pooled.usage = last.usage
        pooled.cutShort = last.cutShort
        pooled.generationEquivalents =
            last.generationEquivalents > 0 || first.usage.completionTokens == 0
            ? last.generationEquivalents
            : first.generationEquivalents * Double(last.usage.completionTokens) / Double(first.usage.completionTokens)
        guard added else { return pooled }
        pooled.candidates = vote.ranked
        pooled.answer = vote.ranked.first?.answer ?? first.answer
        pooled.text = vote.ranked.first?.text ?? first.text
        // The trace is the first round's tree; the pooled answer may come from another round's.
        if pooled.answer != first.answer { pooled.trace.chosen = nil }
        return pooled
    }

    /// Whether the budget still holds a cell's estimated tokens: always without a token budget; under one,
    /// a cell with no estimate is not started.
    private static func affords(_ cell: AllocationTable.Cell, _ meter: BudgetMeter) -> Bool {
        guard let room = tokensLeft(meter) else { return true }
        return cell.tokens.map { $0.isFinite && Double(room) >= $0 } ?? false
    }

    /// Runs a preset on the request's meter. With `replayingPilots` the pilots are served to it as its
    /// first samples or steps, and are its best so far when the budget stops it before it has a candidate.
    /// Returns the solution and how many pilots it took over.
    @inline(never)
    private func run(
        _ name: String, problem: Problem, probe: ProbeOutcome, context: SearchContext, replayingPilots: Bool = true
    ) async throws -> (Solution, Int) {
        let planned = try planner(name)
        let replay = replayingPilots ? PilotReplayPolicy(inner: context.policy.inner, pilots: probe.pilots, settings: table.probe) : nil
        var search = context
        if let replay { search.policy = MeteredPolicy(replay, meter: context.meter) }
        search.stepDelimiter = planned.stepDelimiter
        if let verifier = planned.verifier { search.outcomeScorer = MeteredOutcomeScorer(verifier, meter: context.meter) }
        if let stepVerifier = planned.stepVerifier { search.stepScorer = MeteredStepScorer(stepVerifier, meter: context.meter) }
        var solution = try await planned.strategy.solve(problem, context: search)
        if replayingPilots, solution.candidates.isEmpty, !probe.pilots.isEmpty {
            let fallback = probe.answer(context: context, kind: kind)
            solution.candidates = fallback.candidates
            solution.answer = fallback.answer
            solution.text = fallback.text
        }
        return (solution, replay?.served ?? 0)
    }

    /// Early exit, else the cell of the bin at the highest tier the budget leaves room for.
    public func choosePlan(bin: Int, features: ProbeFeatures, meter: BudgetMeter) -> PreparedAllocation.Plan {
        plan(bin: bin, features: features, meter: meter).plan
    }

    /// The plan and the tier it was taken from: nil on an early exit, or when the budget fits no tier.
    func plan(bin: Int, features: ProbeFeatures, meter: BudgetMeter) -> (plan: PreparedAllocation.Plan, tier: Int?) {
        if knownBin == nil, let rule = table.earlyExit, rule.fires(on: features) { return (.pilots(earlyExit: true), nil) }
        var tier = self.tier
        if let room = Self.tokensLeft(meter) {
            guard let fitting = table.largestPlannedTier(bin: bin, fitting: Double(room), cap: tier) else { return (.pilots(earlyExit: false), nil) }
            tier = min(tier, fitting)
        }
        let cell = table.plannedCells(bin: bin, tier: tier).first
        return (cell.answersFromPilots ? .pilots(earlyExit: false) : .preset(cell.preset, tier: cell.tier), cell.tier)
    }

    /// Completion tokens the budget still allows (total tokens when only those are capped), nil when unlimited.
    public static func tokensLeft(_ meter: BudgetMeter) -> Int? {
        let usage = meter.usage
        if let limit = meter.budget.maxCompletionTokens { return max(0, limit - usage.completionTokens) }
        if let limit = meter.budget.maxTotalTokens { return max(0, limit - usage.totalTokens) }
        return nil
    }
}
