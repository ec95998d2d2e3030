import PonderCore

/// The probe alone: K pilots, their features, and their vote as the answer. `ponder calibrate` runs it
/// over the calibration set to learn how features relate to difficulty and how good the pilots' own
/// answer is.
public struct ProbeStrategy: Strategy {
    public let kind = "probe"
    public var settings: ProbeSettings
    public var model: DifficultyModel

    public init(settings: ProbeSettings, model: DifficultyModel = .init()) {
        self.settings = settings
        self.model = model
    }

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        let probe = try await Probe.run(problem, context: context, settings: settings)
        var solution = probe.answer(context: context, kind: kind)
        solution.allocation = AllocationRecord(
            features: probe.features, difficulty: model.difficulty(probe.features), bin: 0, probeUsage: probe.usage)
        return solution
    }
}
