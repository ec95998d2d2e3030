import PonderBackends
import PonderCore
import PonderSim
import Testing

/// Continuing a partial answer from its exact bytes on a server that renders its own chat template
/// (llama.cpp's `/apply-template` + `/v1/completions`), recognised without configuration, here with the
/// sim answering as llama.cpp does.
@Suite struct PrefixContinuationTests {
    let problem = Problem(
        question: SimHarness.question.question, messages: [.system("Solve it."), .user(SimHarness.question.question)])
    static let llamaLike = SimConfiguration(modelOwner: "llamacpp", maxN: 4, usageFirstChoiceOnly: true)

    @Test func aLlamaCppServerIsRecognisedAndContinuedThroughItsTemplate() async throws {
        try await SimHarness.withSim(Self.llamaLike) { sim in
            let client = SimHarness.client([sim.baseURL])
            #expect(await client.serverKind() == .llamaCpp)
            #expect(await client.prefixContinuation() == .serverTemplate)
            let policy = ChatPolicy(client: client)

            // A step-level search: one first step, then three expansions of the same partial answer.
            let first = try await policy.complete(problem, prefix: "", n: 1, stop: ["\n\n"], sampling: .init(temperature: 0, seed: 1))
            let prefix = first.continuations[0].text + "\n\n"
            var cached: [Int] = []
            for seed in 2...4 {
                let next = try await policy.complete(
                    problem, prefix: prefix, n: 1, stop: ["\n\n"], sampling: .init(temperature: 0.8, seed: UInt64(seed)))
                #expect(!next.continuations[0].text.isEmpty)
                #expect(!next.continuations[0].text.hasPrefix(prefix), "continues after the prefix, not from the start")
                cached.append(next.usage.cachedPromptTokens)
            }
            let stats = sim.stats()
            #expect(stats.requests["/apply-template"] == 1, "the conversation is rendered once, then reused")
            #expect(stats.requests["/v1/completions"] == 4)
            #expect(stats.requests["/v1/chat/completions"] == nil)

            // Byte-identical prefix: every expansion after the first finds the whole shared prompt cached
            // (the sim caches whole 16-token blocks of the exact text).
            let shared = SimTokenizer.count(SimChatTemplate.render(problem.messages) + prefix)
            #expect(cached.dropFirst().allSatisfy { $0 >= shared - 16 }, "cached \(cached) of \(shared) shared prompt tokens")
            #expect(cached.allSatisfy { $0 > 0 })
        }
    }

    @Test func severalChoicesFromLlamaCppAreCountedExactly() async throws {
        try await SimHarness.withSim(Self.llamaLike) { sim in
            let client = SimHarness.client([sim.baseURL])
            let output = try await ChatPolicy(client: client).complete(
                problem, prefix: "", n: 6, stop: [], sampling: .init(temperature: 0.8, seed: 9))
            #expect(output.continuations.count == 6)
            #expect(output.usage.isComplete, "one choice per request, each counted by the server")
            let stats = sim.stats()
            #expect(stats.requests["/v1/completions"] == 6)
            #expect(output.usage.completionTokens == stats.completionTokens)
            #expect(output.usage.completionTokens == stats.reportedCompletionTokens)
            #expect(Set(output.continuations.map(\.text)).count > 1, "each part has its own seed")
        }
    }

    @Test func theRenderedPromptIsTheServersAndStable() async throws {
        try await SimHarness.withSim(Self.llamaLike) { sim in
            let client = SimHarness.client([sim.baseURL])
            let once = try await client.renderedPrompt(problem.messages, continuation: .serverTemplate)
            let twice = try await client.renderedPrompt(problem.messages, continuation: .serverTemplate)
            #expect(once == SimChatTemplate.render(problem.messages))
            #expect(once.utf8.elementsEqual(twice.utf8))
            let other = try await client.renderedPrompt([.user("Start with 3. Add 4. What is the result?")], continuation: .serverTemplate)
            #expect(other != once)
            #expect(sim.stats().requests["/apply-template"] == 2)
        }
    }

    @Test func aConfiguredTemplateNeedsNoServerSupport() async throws {
        let template = ChatTemplate(
            formats: ["system": "<|system|>\n{content}<|end|>\n", "user": "<|user|>\n{content}<|end|>\n",
                      "assistant": "<|assistant|>\n{content}<|end|>\n"],
            generationPrompt: "<|assistant|>\n")
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL], capabilities: EndpointCapabilities(continuation: .template(template)))
            let policy = ChatPolicy(client: client)
            let output = try await policy.complete(problem, prefix: "", n: 2, stop: [], sampling: .init(temperature: 0.8, seed: 3))
            #expect(output.continuations.count == 2)
            #expect(output.continuations.allSatisfy { AnswerExtractor.lastBoxedContent(in: $0.text) != nil }, "whole solutions")
            #expect(try template.render(problem.messages) == SimChatTemplate.render(problem.messages), "the sim's own format")
            let stats = sim.stats()
            #expect(stats.requests["/apply-template"] == nil)
            #expect(stats.requests["/v1/completions"] == 1)
        }
    }

    @Test func otherServersContinueTheFinalChatMessage() async throws {
        try await SimHarness.withSim { sim in
            let client = SimHarness.client([sim.baseURL])
            #expect(await client.serverKind() == .ponderSim)
            #expect(await client.prefixContinuation() == .continueFinalMessage)
            let output = try await ChatPolicy(client: client).complete(
                problem, prefix: "", n: 1, stop: ["\n\n"], sampling: .init(temperature: 0))
            #expect(!output.continuations[0].text.isEmpty)
            let stats = sim.stats()
            #expect(stats.requests["/v1/chat/completions"] == 1)
            #expect(stats.requests["/v1/models"] == 1, "asked once")
            _ = await client.serverKind()
            #expect(sim.stats().requests["/v1/models"] == 1, "and remembered")
        }
    }

    @Test func aConfiguredServerKindNeedsNoRequestAndSetsSampling() async throws {
        // Port 9 (discard) is closed: any request would fail, so these answers come from configuration.
        let client = SimHarness.client(["http://127.0.0.1:9"], capabilities: EndpointCapabilities(server: .vllm))
        #expect(await client.serverKind() == .vllm)
        #expect(await client.prefixContinuation() == .continueFinalMessage)
        let llama = SimHarness.client(["http://127.0.0.1:9"], capabilities: EndpointCapabilities(server: .llamaCpp))
        let sampling = await llama.adaptedSampling(.init(temperature: 0.7, topK: 5))
        #expect(sampling.topK == 5, "a value the caller set is kept")
        #expect(sampling.minP == 0, "llama.cpp's min_p=0.05 default is turned off")
        let vllmSampling = await client.adaptedSampling(.init(temperature: 0.7))
        #expect(vllmSampling.topK == nil && vllmSampling.minP == nil, "other servers get what the caller sent")
    }
}
