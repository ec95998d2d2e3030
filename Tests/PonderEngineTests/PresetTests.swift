import PonderBackends
import PonderCore
import PonderSim
import PonderStrategies
import Testing

@testable import PonderEngine

@Suite struct PresetTests {
    static let root = ResourceLocator.sourceRoot

    @Test func everyShippedPresetLoads() throws {
        let library = try PresetLibrary.load(directory: Self.root + "/Strategies")
        #expect(library.presets.count >= 6)
        #expect(library.preset(named: "best-of-16")?.kind == "best-of-n")
        #expect(library.presets.allSatisfy { !$0.summary.isEmpty }, "every preset says what it does")
    }

    @Test(arguments: [
        ("kind: best-of-n\nparameters:\n  n: 0\n", "must be from 1 to 1024"),
        ("kind: best-of-n\nparameters:\n  m: 4\n", "'best-of-n' has no such parameter"),
        ("kind: best-of-n\nparameters:\n  scorer: magic\n", "expected one of prm, outcome"),
        ("kind: warp-drive\n", "unknown strategy kind 'warp-drive'"),
        ("kinds: single\n", "did you mean 'kind'?"),
        ("description: no kind\n", "missing required key 'kind'"),
        ("kind: self-consistency\nparameters:\n  adaptive: maybe\n", "expected true or false"),
    ])
    func badPresetsAreRejectedWithTheReason(yaml: String, fragment: String) {
        do {
            _ = try PresetLibrary.parse(yaml: yaml, file: "p.yaml", defaultName: "p")
            Issue.record("accepted: \(yaml)")
        } catch let error as ConfigurationError {
            #expect(error.description.hasPrefix("p.yaml"))
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func promptsRenderTheQuestionVerbatim() throws {
        let prompts = try PromptLibrary.load(directory: Self.root + "/Prompts")
        let question = "Is 3 < 4 & \"quoted\"? <b>"
        let messages = try prompts.messages(prompt: "solve", question: question)
        #expect(messages.count == 2)
        #expect(messages[0].role == "system")
        #expect(messages[0].content.contains("\\boxed{"))
        #expect(messages[1].content == question, "no HTML escaping of the question")
        #expect(throws: ConfigurationError.self) { try prompts.messages(prompt: "missing", question: "q") }
    }

    @Test func everyPresetSolvesAProblemAndItsUsageIsWhatTheSimServed() async throws {
        let sim = try await SimServer.start(SimConfiguration())
        defer { Task { await sim.stop() } }
        let configuration = try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil)
        let engine = try await Engine.start(
            configuration: configuration, strategiesFolder: Self.root + "/Strategies", promptsFolder: Self.root + "/Prompts")
        let problem = SimProblemGenerator.generate(count: 1, seed: 3, difficulty: .level(2))[0]
        var completion = 0
        var prompt = 0
        for preset in engine.presets.presets {
            let solution = try await engine.solve(question: problem.question, preset: preset.name, seed: 1)
            #expect(solution.answer != nil, "\(preset.name) produced an answer")
            #expect(solution.strategy == preset.name)
            #expect(solution.cutShort == nil)
            completion += solution.usage.completionTokens
            prompt += solution.usage.promptTokens
        }
        #expect(completion == sim.stats().completionTokens)
        #expect(prompt == sim.stats().promptTokens)
        await #expect(throws: Engine.UnknownPreset.self) { try await engine.solve(question: "q", preset: "nope") }
        await sim.stop()
    }
}
