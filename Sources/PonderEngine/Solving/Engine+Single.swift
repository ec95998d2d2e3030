import PonderStrategies

extension Engine {
    /// The `single` strategy a preset stands for, or nil when it names another kind. The daemon streams
    /// such a request's one call straight through, made as the strategy would make it.
    public func singleSample(preset name: String) -> SingleSample? {
        guard let preset = presets.preset(named: name), preset.kind == "single" else { return nil }
        return try? searchStrategy(for: preset) as? SingleSample
    }
}
