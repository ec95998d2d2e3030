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

@Suite struct VerifierPresetTests {
    @Test func verifierKeysParse() throws {
        let arithmetic = try PresetLibrary.parse(
            yaml: "kind: best-of-n\nverifier: arithmetic\nparameters: {scorer: outcome}\n", file: "a.yaml", defaultName: "a")
        #expect(arithmetic.verifier == .arithmetic)
        let command = try PresetLibrary.parse(
            yaml: "kind: best-of-n\nverifier:\n  command: [python3, check.py]\n  timeout_seconds: 3\n", file: "c.yaml", defaultName: "c")
        #expect(command.verifier == .command(arguments: ["python3", "check.py"], inputFile: nil, scoreFromLastLine: false, timeoutSeconds: 3, memoryMB: 512))
        #expect(throws: ConfigurationError.self) {
            try PresetLibrary.parse(yaml: "kind: best-of-n\nverifier: magic\n", file: "m.yaml", defaultName: "m")
        }
        #expect(throws: ConfigurationError.self) {
            try PresetLibrary.parse(yaml: "kind: best-of-n\nverifier: {cmd: [x]}\n", file: "m.yaml", defaultName: "m")
        }
    }

    @Test func commandVerifierRunsInTheSandbox() async throws {
        let scorer = Engine.verifier(
            .command(arguments: ["sh", "-c", "grep -q 'answer is'"], inputFile: nil, scoreFromLastLine: false, timeoutSeconds: 5, memoryMB: 128))
        let problem = Problem(question: "q")
        let good = try await scorer.scoreSolution(problem, solution: "Step 1: 1 + 1 = 2\n\nThe answer is \\boxed{2}.")
        let bad = try await scorer.scoreSolution(problem, solution: "I do not know.")
        #expect(good.value.score == 1)
        #expect(bad.value.score == 0)
        #expect(bad.value.details != nil)
    }

    @Test func checkedBestOfNBeatsASingleSample() async throws {
        // The checker reads the arithmetic each sample wrote; no reference answer is involved.
        let sim = try await SimServer.start(SimConfiguration())
        let engine = try await Engine.start(
            configuration: try PonderConfiguration.singleEndpoint(urls: [sim.baseURL], model: nil),
            strategiesFolder: PresetTests.root + "/Strategies", promptsFolder: PresetTests.root + "/Prompts")
        let problems = SimProblemGenerator.generate(count: 100, seed: 44, difficulty: .level(4))
        var single = 0
        var checked = 0
        for (index, problem) in problems.enumerated() {
            let a = try await engine.solve(question: problem.question, preset: "single", seed: UInt64(index))
            let b = try await engine.solve(question: problem.question, preset: "best-of-8-checked", seed: UInt64(index))
            if a.answer.map({ AnswerEquivalence.areEquivalent($0, problem.answer) }) == true { single += 1 }
            if b.answer.map({ AnswerEquivalence.areEquivalent($0, problem.answer) }) == true { checked += 1 }
        }
        await sim.stop()
        // Greedy is right about 60% of the time at difficulty 4; picking a sample whose arithmetic checks
        // out is right unless all 8 went wrong (or a wrong step copies a wrong operand consistently).
        #expect(checked >= single + 15, "single \(single)/100, checked best-of-8 \(checked)/100")
    }
}
