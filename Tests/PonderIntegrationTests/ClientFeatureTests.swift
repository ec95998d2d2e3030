import Foundation
import PonderBackends
import Synchronization
import PonderCore
import PonderSim
import Testing

/// The OpenAI client against a live `ponder sim` on a free port.
@Suite struct ClientFeatureTests {
    let problem = SimHarness.question

    @Test func chatReturnsASolutionAndUsageMatchesWhatTheSimServed() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let generation = try await client.chat([.user(problem.question)], sampling: .init(temperature: 0))
            #expect(generation.choices.count == 1)
            #expect(generation.choices[0].text.contains("\\boxed{"))
            #expect(generation.choices[0].finishReason == "stop")
            let stats = sim.stats()
            #expect(generation.usage.promptTokens == stats.promptTokens)
            #expect(generation.usage.completionTokens == stats.completionTokens)
            #expect(generation.usage.calls == 1)
            #expect(generation.usage.isComplete)
        }
    }

    @Test func nChoicesAndTheirUsage() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let generation = try await client.chat([.user(problem.question)], sampling: .init(n: 6, temperature: 1.0, seed: 3))
            #expect(generation.choices.count == 6)
            #expect(Set(generation.choices.map(\.text)).count > 1, "sampled choices differ")
            #expect(generation.usage.completionTokens == sim.stats().completionTokens)
        }
    }

    @Test func seedReproducesAndDifferentSeedsDiffer() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let sampling = SamplingParameters(n: 4, temperature: 1.0, seed: 11)
            let a = try await client.chat([.user(problem.question)], sampling: sampling)
            let b = try await client.chat([.user(problem.question)], sampling: sampling)
            #expect(a.choices.map(\.text) == b.choices.map(\.text))
            var other = sampling
            other.seed = 12
            let c = try await client.chat([.user(problem.question)], sampling: other)
            #expect(a.choices.map(\.text) != c.choices.map(\.text))
        }
    }

    @Test func stopSequenceEndsAtTheFirstStep() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let generation = try await client.complete(
                prompt: problem.question + "\n\n", sampling: .init(temperature: 0, stop: ["\n\n"]))
            let text = generation.choices[0].text
            #expect(text.hasPrefix("Step 1:"))
            #expect(!text.contains("\n\n"))
            #expect(!text.contains("Step 2"))
            #expect(generation.choices[0].finishReason == "stop")
        }
    }

    @Test func maxTokensCutsWithLength() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let generation = try await client.chat([.user(problem.question)], sampling: .init(temperature: 0, maxTokens: 5))
            #expect(generation.choices[0].finishReason == "length")
            #expect(generation.choices[0].wasTruncated)
            #expect(generation.usage.completionTokens == 5)
        }
    }

    @Test func logprobsInChatAndCompletions() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let chat = try await client.chat(
                [.user(problem.question)], sampling: .init(temperature: 0, logprobs: true, topLogprobs: 3))
            let tokens = try #require(chat.choices[0].logprobs)
            #expect(!tokens.isEmpty)
            #expect(tokens.allSatisfy { $0.logprob <= 0 })
            #expect(tokens.map(\.token).joined() == chat.choices[0].text, "tokens spell the text")
            #expect(tokens.contains { !$0.topLogprobs.isEmpty })
            let completion = try await client.complete(
                prompt: problem.question, sampling: .init(temperature: 0, logprobs: true, topLogprobs: 2))
            #expect(!(completion.choices[0].logprobs ?? []).isEmpty)
        }
    }

    @Test func streamingDeliversPiecesThenTheSameTextAndUsage() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let messages = [ChatMessage.user(problem.question)]
            let whole = try await client.chat(messages, sampling: .init(temperature: 0))
            let pieces = PieceCounter()
            let streamed = try await client.streamChat(messages, sampling: .init(temperature: 0)) { delta in
                pieces.add(delta.text)
            }
            #expect(pieces.count > 5, "the answer arrives in many pieces")
            #expect(pieces.text == whole.choices[0].text)
            #expect(streamed.choices[0].text == whole.choices[0].text)
            #expect(streamed.choices[0].finishReason == "stop")
            #expect(streamed.usage.completionTokens == whole.usage.completionTokens, "usage from the final chunk")
            #expect(streamed.usage.promptTokens == whole.usage.promptTokens)

            let text = try await client.streamComplete(prompt: problem.question, sampling: .init(temperature: 0)) { _ in }
            #expect(text.choices[0].text.contains("\\boxed{"))
            #expect(text.usage.completionTokens > 0)
        }
    }

    @Test func repeatedPrefixReportsCachedTokens() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let long = String(repeating: "Think carefully and check every step. ", count: 20) + problem.question
            let first = try await client.complete(prompt: long, sampling: .init(temperature: 0, maxTokens: 8))
            #expect(first.usage.cachedPromptTokens == 0)
            let second = try await client.complete(
                prompt: long + "\n\nStep 1:", sampling: .init(temperature: 0, maxTokens: 8))
            #expect(second.usage.cachedPromptTokens > 0)
            #expect(second.usage.cachedPromptTokens <= second.usage.promptTokens)
            #expect(second.usage.cachedPromptTokens >= first.usage.promptTokens - 16, "all full blocks of the shared prefix")
        }
    }

    @Test func scoringEndpoints() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            let solution = try await client.chat([.user(problem.question)], sampling: .init(temperature: 0))
            let steps = solution.choices[0].text.components(separatedBy: "\n\n")
            let scores = try await client.scoreSteps(question: problem.question, steps: steps)
            #expect(scores.count == steps.count)
            #expect(scores.allSatisfy { (0...1).contains($0) })
            let values = try await client.qValues(question: problem.question, steps: Array(steps.prefix(1)), candidates: ["Step 2: nonsense", steps[1]])
            #expect(values.count == 2)
            let models = try await client.models()
            #expect(models.data.map(\.id) == ["sim-reasoner"])
        }
    }
}

/// Collects streamed pieces from the delta callback.
final class PieceCounter: Sendable {
    private let state = Mutex<(count: Int, text: String)>((0, ""))
    func add(_ piece: String) { state.withLock { $0.count += 1; $0.text += piece } }
    var count: Int { state.withLock { $0.count } }
    var text: String { state.withLock { $0.text } }
}

