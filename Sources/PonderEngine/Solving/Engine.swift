import PonderAllocator
import PonderBackends
import PonderCore
import PonderSandbox
import PonderStrategies
import Synchronization

/// The one way in: resolves a preset into a running strategy over the configured endpoints and solves.
///
/// The server and the batch runner both call `solve`; neither builds policies or strategies itself.
public final class Engine: Sendable {
    public let endpoints: EndpointRegistry
    public let presets: PresetLibrary
    public let prompts: PromptLibrary
    /// The allocation tables of the `auto` presets, by their `table` parameter.
    public let tables: [String: AllocationTable]
    /// The judge endpoint as an outcome scorer, when one is configured (made once: it is the same for
    /// every search).
    private let judge: (any OutcomeScorer)?
    /// The search strategies of the listed presets, built once from their parameters.
    let builtStrategies: [String: any Strategy]
    /// Budget variants (`self-consistency@8`) built when first asked for, up to `variantCacheLimit` of
    /// them (a client names the budget, so the set is open); past it they are built per request.
    let variantStrategies = Mutex<[String: any Strategy]>([:])
    static let variantCacheLimit = 256

    public init(
        endpoints: EndpointRegistry, presets: PresetLibrary, prompts: PromptLibrary, tables: [String: AllocationTable] = [:]
    ) {
        self.endpoints = endpoints
        self.presets = presets
        self.prompts = prompts
        self.tables = tables
        judge = Self.judgeScorer(endpoints: endpoints, prompts: prompts)
        var built: [String: any Strategy] = [:]
        for preset in presets.presets where preset.kind != AutoParameters.kind && preset.kind != ProbeParameters.kind {
            built[preset.name] = try? StrategyCatalog.make(kind: preset.kind, parameters: preset.parameters)
        }
        builtStrategies = built
    }

    /// Loads presets and prompts from their folders (see `ResourceLocator`).
    public static func start(
        configuration: PonderConfiguration, strategiesFolder: String? = nil, promptsFolder: String? = nil
    ) async throws -> Engine {
        guard let strategies = strategiesFolder ?? ResourceLocator.folder("Strategies") else {
            throw ConfigurationError(file: "Strategies", line: nil, path: "", message: "presets folder not found; set PONDER_HOME")
        }
        guard let promptFolder = promptsFolder ?? ResourceLocator.folder("Prompts") else {
            throw ConfigurationError(file: "Prompts", line: nil, path: "", message: "prompts folder not found; set PONDER_HOME")
        }
        let presets = try PresetLibrary.load(directory: strategies)
        let prompts = try PromptLibrary.load(directory: promptFolder)
        for preset in presets.presets where !prompts.names.contains(preset.prompt) {
            throw ConfigurationError(
                file: preset.file, line: nil, path: "prompt",
                message: "no prompt '\(preset.prompt)' in \(promptFolder); available: \(prompts.names.joined(separator: ", "))")
        }
        let tables = try AllocationTables.load(for: presets)
        return Engine(endpoints: try await EndpointRegistry.connect(configuration), presets: presets, prompts: prompts, tables: tables)
    }

    /// A preset's programmatic verifier as an outcome scorer.
    public static func verifier(_ spec: VerifierSpec) -> any OutcomeScorer {
        switch spec {
        case .arithmetic:
            return arithmeticChecker
        case .command(let arguments, let inputFile, let scoreFromLastLine, let timeout, let memoryMB):
            let check = ProgrammaticVerifier.Check(
                command: arguments, solutionInput: inputFile.map { .file($0) } ?? .stdin,
                scoreFromLastLine: scoreFromLastLine)
            return ProgrammaticVerifier(
                mode: .check(check),
                limits: SandboxLimits(wallTime: .milliseconds(Int64(timeout * 1000)), memoryBytes: memoryMB * SandboxLimits.mebibyte))
        }
    }

    /// The arithmetic checker as presets use it, for whole solutions and for steps: all arithmetic right
    /// (and, for a solution, an answer given) scores 1; quotients may be truncated, as the sim's task does.
    static let arithmeticChecker = ArithmeticChecker(scoring: .allOrNothing, division: .exactOrTruncated)

    /// A preset's programmatic step verifier as a step scorer.
    public static func stepVerifier(_ spec: StepVerifierSpec) -> any StepScorer {
        switch spec {
        case .arithmetic: arithmeticChecker
        }
    }

    /// The judge endpoint as an outcome scorer, prompted with `Prompts/judge`, when one is configured.
    private static func judgeScorer(endpoints: EndpointRegistry, prompts: PromptLibrary) -> (any OutcomeScorer)? {
        guard let judge = try? endpoints.client(for: .judge), prompts.names.contains("judge") else { return nil }
        return LLMJudgeScorer(client: judge) { problem, solution in
            try prompts.messages(prompt: "judge", values: ["question": problem.question, "solution": solution])
        }
    }

    func preset(named name: String) throws -> StrategyPreset {
        guard let preset = presets.preset(named: name) else {
            throw UnknownPreset(name: name, known: presets.presets.map(\.name))
        }
        return preset
    }

    public struct UnknownPreset: Error, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public var description: String { "no strategy preset named '\(name)'; known: \(known.joined(separator: ", "))" }
    }

    /// The policy model: a raw prompt is continued as text, a conversation through the chat API.
    func policy(for problem: Problem) throws -> any Policy {
        let client = try endpoints.client(for: .policy)
        return problem.rawPrompt == nil ? ChatPolicy(client: client) : CompletionPolicy(client: client)
    }

    /// Solves one question with a preset, presenting it with the preset's prompt template.
    public func solve(
        question: String, preset name: String, budget: Budget = .unlimited, seed: UInt64 = 0,
        sampling: SamplingParameters = .init()
    ) async throws -> Solution {
        let preset = try self.preset(named: name)
        let problem = Problem(question: question, messages: try prompts.messages(prompt: preset.prompt, question: question))
        return try await solve(problem: problem, preset: name, budget: budget, seed: seed, sampling: sampling)
    }

    /// Solves a problem whose prompt is already given (the daemon passes the client's messages).
    /// `onProgress` hears the search's progress (usage, nodes, depth, best score) after every backend call.
    /// With `auto`, `knownBin` makes the allocator an oracle that is told the difficulty bin, and
    /// `prepared` hands it a probe and plan a batch allocator already made.
    public func solve(
        problem: Problem, preset name: String, budget: Budget = .unlimited, seed: UInt64 = 0,
        sampling: SamplingParameters = .init(), onProgress: (@Sendable (SearchProgress) -> Void)? = nil,
        knownBin: Int? = nil, prepared: PreparedAllocation? = nil
    ) async throws -> Solution {
        let (strategy, context, presetName) = try prepareSearch(
            problem: problem, preset: name, budget: budget, seed: seed, sampling: sampling, onProgress: onProgress,
            knownBin: knownBin, prepared: prepared)
        var solution = try await strategy.solve(problem, context: context)
        solution.strategy = presetName
        return solution
    }

    /// The strategy and context of a search, out of line: the preset and the rest of the set-up then stay
    /// on the thread's stack instead of in the async frame that lives as long as the search.
    @inline(never)
    private func prepareSearch(
        problem: Problem, preset name: String, budget: Budget, seed: UInt64, sampling: SamplingParameters,
        onProgress: (@Sendable (SearchProgress) -> Void)?, knownBin: Int?, prepared: PreparedAllocation?
    ) throws -> (any Strategy, SearchContext, String) {
        let preset = try self.preset(named: name)
        let strategy = try self.strategy(for: preset, knownBin: knownBin, prepared: prepared)
        let context = try self.context(
            for: problem, preset: preset, budget: budget, seed: seed, sampling: sampling, onProgress: onProgress)
        return (strategy, context, preset.name)
    }

    /// The metered policy and scorers a preset's search runs with.
    func context(
        for problem: Problem, preset: StrategyPreset, budget: Budget, seed: UInt64, sampling: SamplingParameters = .init(),
        onProgress: (@Sendable (SearchProgress) -> Void)? = nil
    ) throws -> SearchContext {
        SearchContext(
            policy: try policy(for: problem),
            stepScorer: preset.stepVerifier.map(Self.stepVerifier)
                ?? (try? endpoints.client(for: .prm)).map { HTTPStepScorer(client: $0) },
            outcomeScorer: preset.verifier.map(Self.verifier) ?? judge,
            qValueScorer: (try? endpoints.client(for: .qvalue)).map { HTTPQValueScorer(client: $0) },
            budget: budget, sampling: sampling, stepDelimiter: preset.stepDelimiter, seed: seed, onProgress: onProgress)
    }
}
