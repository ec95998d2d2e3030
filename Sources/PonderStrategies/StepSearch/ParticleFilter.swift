import PonderCore

/// Particle filtering over reasoning steps (Puri et al. 2025, "A probabilistic inference approach to
/// inference-time scaling of LLMs using particle-based Monte Carlo methods", arXiv 2502.01618; reference
/// code Red-Hat-AI-Innovation-Team/its_hub `its_hub/algorithms/particle_gibbs.py`, `ParticleFiltering` =
/// particle Gibbs with one iteration).
///
/// Partial solutions are particles. Each round every unfinished particle is extended by one step, and
/// weighted by the PRM score of its new prefix as a log-weight `logit(score)` (its_hub's `_inv_sigmoid`,
/// clipped to [1e-7, 1 − 1e-7]). The unfinished particles are then resampled, with replacement, in
/// proportion to `softmax(logweights / resamplingTemperature)` (multinomial, its_hub's `random.choices`),
/// drawn from a generator seeded by `SearchContext.seed`, so a run repeats. Finished particles keep their
/// place. This goes on until every particle is complete (or the step cap). The answer is the weighted
/// vote over the particles (a particle resampled twice votes twice), or the best-weighted one (its_hub's
/// default `ARGMAX`).
///
/// its_hub resamples all particles together, finished ones with their final weight (a finished particle
/// drawn again is copied, still finished); `resampleFinished: true` does that. The default resamples only
/// the unfinished ones among themselves, so a finished solution is never dropped or duplicated.
///
/// Particles that share a prefix (copies made by resampling) are extended by one policy call with n =
/// their count, so the shared prefix is sent once; calls of one round run concurrently.
///
/// Defaults: 8 particles, sampling temperature 0.8 (its_hub `StepGeneration`), resampling temperature 1
/// (its_hub's softmax is untempered), step cap 40, per-step `max_tokens` 256, `agg = last`.
public struct ParticleFilter: Strategy {
    public let kind = "particle-filter"
    public var particles: Int
    public var temperature: Double
    /// Temperature of the softmax over log-weights that resampling draws from.
    public var resamplingTemperature: Double
    /// Resample finished particles too (its_hub); by default only unfinished ones are resampled.
    public var resampleFinished: Bool
    public var maxSteps: Int
    public var maxStepTokens: Int
    public var aggregation: StepAggregation
    public var selection: StepSearchSelection

    public init(
        particles: Int = 8, temperature: Double = 0.8, resamplingTemperature: Double = 1.0, resampleFinished: Bool = false,
        maxSteps: Int = 40, maxStepTokens: Int = 256, aggregation: StepAggregation = .last,
        selection: StepSearchSelection = .weightedVote
    ) {
        self.particles = particles
        self.temperature = temperature
        self.resamplingTemperature = resamplingTemperature
        self.resampleFinished = resampleFinished
        self.maxSteps = maxSteps
        self.maxStepTokens = maxStepTokens
        self.aggregation = aggregation
        self.selection = selection
    }

    /// Separates this strategy's random stream from others run with the same seed.
    static let randomStream: UInt64 = 0x7061_7274_6963_6c65

    public func solve(_ problem: Problem, context: SearchContext) async throws -> Solution {
        try validate()
        let run = try StepSearchRun(
            context: context, problem: problem, maxStepTokens: maxStepTokens, maxSteps: maxSteps, aggregation: aggregation)
        var random = SearchRandom(seed: context.seed, stream: Self.randomStream)
        var swarm = [PartialPath](repeating: PartialPath(), count: particles)
        var call = 0

        for _ in 0..<maxSteps {
            let open = swarm.indices.filter { !swarm[$0].isTerminal }
            if open.isEmpty { break }
            // Particles on the same trace node share their prefix: one call for all of them.
            var groups: [(node: Int, members: [Int])] = []
            var groupOfNode: [Int: Int] = [:]
            for index in open {
                if let group = groupOfNode[swarm[index].node] {
                    groups[group].members.append(index)
                } else {
                    groupOfNode[swarm[index].node] = groups.count
                    groups.append((swarm[index].node, [index]))
                }
            }
            var requests: [StepSearchExpansion] = []
            for group in groups {
                requests.append(StepSearchExpansion(path: swarm[group.members[0]], n: group.members.count, call: call))
                call += 1
            }
            let expansion = try await run.expand(requests, temperature: temperature)
            var children = expansion.children.flatMap { $0 }
            let refused = try await run.score(&children)
            // Hand the children to the group's particles in order; a particle left without one (the
            // budget refused) stays as it was.
            var next = 0
            for (slot, group) in groups.enumerated() {
                for (member, index) in group.members.enumerated() where member < expansion.children[slot].count {
                    swarm[index] = children[next + member]
                }
                next += expansion.children[slot].count
            }
            if expansion.stopped || refused { break }
            resample(&swarm, run: run, random: &random)
        }

        let finished = swarm.filter(\.isTerminal)
        return run.solution(kind: kind, finished: finished, unfinished: swarm, selection: selection)
    }

    /// Resamples the particles in proportion to softmax(logit(score) / temperature): the unfinished
    /// ones among themselves, or (with `resampleFinished`) all of them, as its_hub does.
    func resample(_ swarm: inout [PartialPath], run: StepSearchRun, random: inout SearchRandom) {
        let pool = resampleFinished ? Array(swarm.indices) : swarm.indices.filter { !swarm[$0].isTerminal }
        guard pool.count > 1 else { return }
        let logWeights = pool.map { index in run.score(of: swarm[index]).map(SearchMath.logit) ?? -.infinity }
        let probabilities = SearchMath.softmax(logWeights, temperature: resamplingTemperature)
        let drawn = pool.map { _ in swarm[pool[random.index(weightedBy: probabilities)]] }
        for (slot, index) in pool.enumerated() { swarm[index] = drawn[slot] }
    }

    func validate() throws {
        guard particles >= 1 else {
            throw StrategyError.invalidParameter(name: "particles", reason: "must be at least 1, got \(particles)")
        }
        guard resamplingTemperature > 0 else {
            throw StrategyError.invalidParameter(
                name: "resampling_temperature", reason: "must be positive, got \(resamplingTemperature)")
        }
        guard maxSteps >= 1 else { throw StrategyError.invalidParameter(name: "max_steps", reason: "must be at least 1, got \(maxSteps)") }
    }
}
