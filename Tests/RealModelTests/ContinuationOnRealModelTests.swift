import PonderBackends
import PonderCore
import PonderEngine
import Testing

extension RealModelTests {
    /// llama.cpp's quirks, handled with nothing configured: recognised from its model list, partial answers
    /// continued through `/apply-template` + `/v1/completions` from their exact bytes, `n` above its slots
    /// split, usage exact, and log probabilities read from its format for the judge and token confidence.
    @Suite struct ContinuationOnRealModelTests {
        let problem = Problem(
            question: "What is 47 + 38?",
            messages: [.system("Answer the arithmetic question. Write the calculation, then the answer."), .user("What is 47 + 38?")])

        @Test func llamaCppIsRecognisedWithoutConfiguration() async throws {
            let client = RealModel.client()
            #expect(await client.serverKind() == .llamaCpp)
            #expect(await client.prefixContinuation() == .serverTemplate)
            let sampling = await client.adaptedSampling(.init(temperature: 0.8))
            #expect(sampling.topK == 0 && sampling.minP == 0, "plain sampling, not llama.cpp's top_k=40, min_p=0.05")
        }

        @Test func expansionsContinueTheSameBytesFromTheServersCache() async throws {
            let client = RealModel.client()
            let policy = ChatPolicy(client: client)
            let rendered = try await client.renderedPrompt(problem.messages, continuation: .serverTemplate)
            #expect(rendered.hasSuffix("<|im_start|>assistant\n"), "the server's own template, open for the answer")
            let again = try await client.renderedPrompt(problem.messages, continuation: .serverTemplate)
            #expect(Array(rendered.utf8) == Array(again.utf8))

            let first = try await policy.complete(problem, prefix: "", n: 1, stop: ["\n"], sampling: .init(temperature: 0, seed: 1, maxTokens: 32))
            let prefix = first.continuations[0].text + "\n"
            let shared = try await RealModel.tokenCount(rendered + prefix)
            var cached: [Int] = []
            for seed in 1...3 {
                let next = try await policy.complete(
                    problem, prefix: prefix, n: 1, stop: ["\n"], sampling: .init(temperature: 1, seed: UInt64(seed), maxTokens: 32))
                cached.append(next.usage.cachedPromptTokens)
                #expect(next.usage.promptTokens >= shared - 1, "the whole prefix was sent")
            }
            // The first expansion may find only the conversation cached; the next ones find the whole shared
            // prefix (the server re-evaluates at most the last token).
            #expect(cached.dropFirst().allSatisfy { $0 >= shared - 2 }, "cached \(cached) of \(shared) shared prompt tokens")
        }

        @Test func moreChoicesThanSlotsAreSplitAndCountedExactly() async throws {
            let client = RealModel.client()
            let before = try await RealModel.counters()
            let output = try await ChatPolicy(client: client).complete(
                problem, prefix: "", n: 6, stop: [], sampling: .init(temperature: 1, seed: 4, maxTokens: 24))
            let server = try await RealModel.counters() - before
            #expect(output.continuations.count == 6, "n=6 on a server with 4 slots")
            #expect(output.usage.isComplete)
            #expect(output.usage.completionTokens == server.predictedTokens, "server: \(server)")
        }

        @Test func tokenConfidenceComesFromLlamaCppLogprobs() async throws {
            let client = RealModel.client()
            let output = try await ChatPolicy(client: client).complete(
                problem, prefix: "", n: 2, stop: [], sampling: .init(temperature: 1, seed: 2, maxTokens: 16, logprobs: true))
            for continuation in output.continuations {
                let confidence = try #require(continuation.meanLogprob, "log probabilities read from llama.cpp's completions format")
                #expect(confidence < 0 && confidence > -20)
            }
        }

        @Test func theJudgeReadsYesNoProbabilitiesFromTheRealModel() async throws {
            let prompts = try PromptLibrary.load(directory: RealModel.home + "/Prompts")
            let judge = LLMJudgeScorer(client: RealModel.client()) { problem, solution in
                try prompts.messages(prompt: "judge", values: ["question": problem.question, "solution": solution])
            }
            let scored = try await judge.scoreSolution(problem, solution: "47 + 38 = 85\nThe answer is 85.")
            #expect(scored.value.details == nil, "scored from log probabilities, not from the word: \(scored.value.details ?? "")")
            #expect(scored.value.score > 0 && scored.value.score < 1)
            #expect(scored.usage.calls == 1)
        }
    }
}
