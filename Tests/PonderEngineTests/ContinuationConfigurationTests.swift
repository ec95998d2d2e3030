import Foundation
import PonderBackends
import PonderCore
import Testing

@testable import PonderEngine

/// `capabilities: {server, continuation}` and a preset's `step_verifier`.
@Suite struct ContinuationConfigurationTests {
    func endpoint(_ capabilities: String) throws -> EndpointConfiguration {
        let yaml = "endpoints:\n  - name: a\n    model: m\n    url: http://h\n    capabilities:\n" + capabilities
        return try PonderConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:]).endpoints[0]
    }

    func message(_ capabilities: String) -> String? {
        do {
            _ = try endpoint(capabilities)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func serverAndContinuationWords() throws {
        #expect(try endpoint("      server: llama.cpp\n").capabilities.server == .llamaCpp)
        #expect(try endpoint("      server: auto\n").capabilities.server == nil)
        #expect(try endpoint("      continuation: server_template\n").capabilities.continuation == .serverTemplate)
        #expect(try endpoint("      continuation: continue_final_message\n").capabilities.continuation == .continueFinalMessage)
        #expect(try endpoint("      continuation: auto\n").capabilities.continuation == nil)
    }

    @Test func aTemplateFromConfiguration() throws {
        let configured = try endpoint("""
                  continuation:
                    template:
                      begin: "<s>"
                      system: "[S]{content}[/S]"
                      user: "[U]{content}[/U]"
                      assistant: "[A]{content}[/A]"
                      generation_prompt: "[A]"

            """)
        guard case .template(let template) = configured.capabilities.continuation else {
            Issue.record("no template: \(String(describing: configured.capabilities.continuation))")
            return
        }
        let text = try template.render([.system("be brief"), .user("2+2?"), .assistant("4"), .user("and 3+3?")])
        #expect(text == "<s>[S]be brief[/S][U]2+2?[/U][A]4[/A][U]and 3+3?[/U][A]")
        #expect(throws: ChatTemplate.UnknownRole.self) { try template.render([.init(role: "tool", content: "x")]) }
    }

    @Test(arguments: [
        ("      server: llamacpp\n", "did you mean 'llama.cpp'?"),
        ("      continuation: prefill\n", "unknown continuation 'prefill'"),
        ("      continuation:\n        template: {user: '{content}', assistant: '{content}'}\n", "missing required key 'generation_prompt'"),
        ("      continuation:\n        template: {user: 'U', assistant: '{content}', generation_prompt: 'A'}\n", "must contain {content}"),
        ("      continuation:\n        template: {user: '{content}', generation_prompt: 'A'}\n", "missing required key 'assistant'"),
        ("      continuation:\n        templte: {}\n", "did you mean 'template'?"),
    ])
    func mistakesAreNamed(capabilities: String, fragment: String) {
        let text = message(capabilities)
        #expect(text?.contains(fragment) == true, "\(text ?? "accepted")")
        #expect(text?.contains("capabilities.") == true, "\(text ?? "accepted")")
    }

    @Test func presetsNameAStepVerifier() throws {
        let preset = try PresetLibrary.parse(
            yaml: "kind: beam\nstep_verifier: arithmetic\nparameters: {aggregation: min}\n", file: "b.yaml", defaultName: "b")
        #expect(preset.stepVerifier == .arithmetic)
        #expect(throws: ConfigurationError.self) {
            try PresetLibrary.parse(yaml: "kind: beam\nstep_verifier: prm\n", file: "b.yaml", defaultName: "b")
        }
    }

    @Test func theArithmeticStepVerifierScoresEachStep() async throws {
        let scorer = Engine.stepVerifier(.arithmetic)
        let problem = Problem(question: "Start with 3. Add 4. Multiply the result by 2. What is the result?")
        let output = try await scorer.scoreSteps(
            problem, steps: ["Step 1: 3 + 4 = 7", "Step 2: 7 × 2 = 15", "We double it.", "The answer is \\boxed{15}."])
        #expect(output.value == [1, 0, 1, 1])
        #expect(output.usage.calls == 0, "no model is called")
    }
}

/// A prompt's `examples.yaml`: few-shot turns between the system prompt and the question.
@Suite struct PromptExamplesTests {
    @Test func examplesBecomeEarlierTurns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-prompts-\(UUID().uuidString)")
        let prompt = folder.appendingPathComponent("shots")
        try FileManager.default.createDirectory(at: prompt, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Be brief.".write(to: prompt.appendingPathComponent("system.mustache"), atomically: true, encoding: .utf8)
        try "{{{question}}}".write(to: prompt.appendingPathComponent("user.mustache"), atomically: true, encoding: .utf8)
        try "- user: \"What is 1 + 1?\"\n  assistant: \"1 + 1 = 2\\nThe answer is 2.\"\n"
            .write(to: prompt.appendingPathComponent("examples.yaml"), atomically: true, encoding: .utf8)
        let messages = try PromptLibrary.load(directory: folder.path).messages(prompt: "shots", question: "What is 2 + 2?")
        #expect(messages == [.system("Be brief."), .user("What is 1 + 1?"), .assistant("1 + 1 = 2\nThe answer is 2."), .user("What is 2 + 2?")])
    }

    @Test(arguments: [
        ("- user: q\n", "missing required key 'assistant'"),
        ("- user: q\n  assistent: a\n", "did you mean 'assistant'?"),
        ("user: q\n", "expected a list"),
        ("[]\n", "expected a list of examples"),
    ])
    func badExamplesAreNamed(yaml: String, fragment: String) {
        do {
            _ = try PromptExamples.parse(yaml, file: "examples.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
            #expect("\(error)".hasPrefix("examples.yaml"), "\(error)")
        }
    }
}
