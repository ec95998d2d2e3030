import PonderAllocator
import PonderCore
import PonderStrategies

extension Engine {
    /// Builds a preset's strategy: the catalog's kinds, or the allocator's `auto` and `probe`.
    func strategy(for preset: StrategyPreset, knownBin: Int? = nil, prepared: PreparedAllocation? = nil) throws -> any Strategy {
        switch preset.kind {
        case AutoParameters.kind:
            let (table, tier) = try allocation(for: preset)
            return AutoStrategy(table: table, tier: tier, knownBin: knownBin, prepared: prepared) { [self] name in
                try plannedSearch(name)
            }
        case ProbeParameters.kind:
            return ProbeStrategy(settings: try ProbeParameters.read(preset.parameters))
        default:
            return try searchStrategy(for: preset)
        }
    }

    /// A search preset's strategy: built once for listed presets and for the first budget variants asked for.
    func searchStrategy(for preset: StrategyPreset) throws -> any Strategy {
        if let built = builtStrategies[preset.name] ?? variantStrategies.withLock({ $0[preset.name] }) { return built }
        let strategy = try StrategyCatalog.make(kind: preset.kind, parameters: preset.parameters)
        variantStrategies.withLock { variants in
            if variants.count < Self.variantCacheLimit { variants[preset.name] = strategy }
        }
        return strategy
    }

    /// The table and tier cap of an `auto` preset (or budget variant such as `auto@16`).
    public func allocation(forPreset name: String) throws -> (table: AllocationTable, tier: Int) {
        try allocation(for: try preset(named: name))
    }

    func allocation(for preset: StrategyPreset) throws -> (table: AllocationTable, tier: Int) {
        guard preset.kind == AutoParameters.kind else {
            throw ConfigurationError(file: preset.file, line: nil, path: "kind", message: "'\(preset.name)' is not an auto preset")
        }
        let parameters = try AutoParameters.read(preset.parameters)
        guard let table = tables[parameters.table] else {
            throw ConfigurationError(
                file: preset.file, line: nil, path: "parameters.table", message: "the allocation table '\(parameters.table)' was not loaded")
        }
        return (table, parameters.tier ?? table.tiers[table.tiers.count - 1])
    }

    /// A table cell's preset, ready to run after the probe.
    func plannedSearch(_ name: String) throws -> PlannedSearch {
        let preset = try self.preset(named: name)
        guard preset.kind != AutoParameters.kind, preset.kind != ProbeParameters.kind else {
            throw StrategyError.invalidParameter(name: "table", reason: "a table cell cannot name '\(name)', itself an allocator")
        }
        return PlannedSearch(
            name: preset.name,
            strategy: try searchStrategy(for: preset),
            stepDelimiter: preset.stepDelimiter, verifier: preset.verifier.map(Engine.verifier),
            stepVerifier: preset.stepVerifier.map(Engine.stepVerifier))
    }

    /// Probes a problem for a batch allocator with the `auto` preset's table: the pilots, the features, the
    /// bin, and the plan the table gives without a budget (early exit, or the cell at the tier cap).
    public func probe(
        problem: Problem, preset name: String, seed: UInt64 = 0, knownBin: Int? = nil, budget: Budget = .unlimited
    ) async throws -> PreparedAllocation {
        let preset = try self.preset(named: name)
        let (table, tier) = try allocation(for: preset)
        let context = try self.context(for: problem, preset: preset, budget: budget, seed: seed)
        let probe = try await Probe.run(problem, context: context, settings: table.probe)
        let difficulty = table.model.difficulty(probe.features)
        let bin = knownBin ?? table.bin(forDifficulty: difficulty)
        let auto = AutoStrategy(table: table, tier: tier, knownBin: knownBin) { [self] name in try plannedSearch(name) }
        let plan = auto.choosePlan(bin: bin, features: probe.features, meter: context.meter)
        return PreparedAllocation(probe: probe, bin: bin, difficulty: difficulty, plan: plan)
    }
}
