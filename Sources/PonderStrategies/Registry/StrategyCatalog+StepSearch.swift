import PonderCore

/// Preset parameters of the step-level searches (defaults as in each strategy's documentation).
extension StrategyCatalog {
    static let stepSearchEntries: [Entry] = [
        Entry(kind: "beam", summary: "step-level beam search: keep the PRM's top N/M prefixes, M continuations each") { p in
            StepBeamSearch(
                n: try p.int("n", default: 8, range: 1...1024),
                beamWidth: try p.int("beam_width", default: 4, range: 1...1024),
                maxIterations: try p.int("max_iterations", default: 40, range: 1...1000),
                lookahead: try p.int("lookahead", default: 0, range: 0...64),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                aggregation: try p.choice("aggregation", default: StepAggregation.last),
                filterDuplicates: try p.bool("filter_duplicates", default: false),
                selection: try p.choice("selection", default: StepSearchSelection.weightedVote),
                maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072))
        },
        Entry(kind: "dvts", summary: "diverse verifier tree search: N/M independent greedy PRM-guided subtrees") { p in
            DiverseVerifierTreeSearch(
                n: try p.int("n", default: 8, range: 1...1024),
                beamWidth: try p.int("beam_width", default: 4, range: 1...1024),
                maxIterations: try p.int("max_iterations", default: 40, range: 1...1000),
                lookahead: try p.int("lookahead", default: 0, range: 0...64),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                aggregation: try p.choice("aggregation", default: StepAggregation.last),
                selection: try p.choice("selection", default: StepSearchSelection.weightedVote),
                maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
                maxTokens: try p.int("max_tokens", default: 2048, range: 1...131_072))
        },
        Entry(kind: "rebase", summary: "REBASE: a fixed width of children shared by a softmax over PRM rewards") { p in
            let maxTokens = try p.int("max_tokens", default: 1024, range: 0...131_072)
            let truncateRatio = try p.double("truncate_ratio", default: 1, range: 0.01...1)
            return RewardBalancedSearch(
                width: try p.int("width", default: 16, range: 1...1024),
                softmaxTemperature: try p.double("softmax_temperature", default: 0.2, range: 0.001...100),
                temperature: try p.double("temperature", default: 1.0, range: 0...2),
                maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
                maxTokens: maxTokens == 0 ? nil : maxTokens,
                maxDepth: try p.int("max_depth", default: 25, range: 1...1000),
                truncateRatio: truncateRatio < 1 ? truncateRatio : nil,
                aggregation: try p.choice("aggregation", default: StepAggregation.last),
                selection: try p.choice("selection", default: StepSearchSelection.weightedVote))
        },
        Entry(kind: "particle-filter", summary: "particle filtering: extend, weight by the PRM, resample with a seeded RNG") { p in
            ParticleFilter(
                particles: try p.int("particles", default: 8, range: 1...1024),
                temperature: try p.double("temperature", default: 0.8, range: 0...2),
                resamplingTemperature: try p.double("resampling_temperature", default: 1.0, range: 0.001...100),
                resampleFinished: try p.bool("resample_finished", default: false),
                maxSteps: try p.int("max_steps", default: 40, range: 1...1000),
                maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
                aggregation: try p.choice("aggregation", default: StepAggregation.last),
                selection: try p.choice("selection", default: StepSearchSelection.weightedVote))
        },
    ]
}
