import AsyncHTTPClient
import Foundation
import NIOCore
import PonderCore
import Testing

@testable import PonderSim

/// The OpenAI-compatible routes of a live sim server.
@Suite struct HTTPAPITests {
    @Test func chatCompletionShapeAndUsage() async throws {
        try await withSim { http in
            let response = try await http.post(
                "/v1/chat/completions", json: chatJSON(extra: "\"n\":3,\"temperature\":0.8,\"seed\":7"))
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let body = try response.decode(ChatCompletionResponse.self)
            #expect(body.object == "chat.completion")
            #expect(body.model == "sim-reasoner")
            #expect(body.id.hasPrefix("chatcmpl-"))
            #expect(body.choices.map(\.index) == [0, 1, 2])
            var tokens = 0
            for choice in body.choices {
                #expect(choice.message.role == "assistant")
                #expect(choice.finishReason == "stop")
                #expect(choice.message.content.hasPrefix("Step 1: "))
                #expect(StepLine.boxedValue(in: choice.message.content) != nil)
                tokens += SimTokenizer.count(choice.message.content) + 1
            }
            let usage = try #require(body.usage)
            #expect(usage.completionTokens == tokens, "completion tokens are summed over choices, with EOS")
            #expect(usage.promptTokens == SimTokenizer.count(SimChatTemplate.render([.user(sampleProblem.question)])))
            #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
            #expect(usage.promptTokensDetails?.cachedTokens == 0)
            let stats = http.sim.stats()
            #expect(stats.completionTokens == usage.completionTokens)
            #expect(stats.promptTokens == usage.promptTokens, "prompt tokens count once per request")
            #expect(stats.choices == 3)
        }
    }

    @Test func completionsWithStopAndLogprobs() async throws {
        try await withSim { http in
            let prompt = "Question: \(sampleProblem.question)\nAnswer:"
            let response = try await http.post(
                "/v1/completions",
                json: completionJSON(prompt, extra: "\"stop\":[\"\\n\\n\"],\"logprobs\":2,\"temperature\":0"))
            #expect(response.status == 200)
            let body = try response.decode(CompletionResponse.self)
            #expect(body.object == "text_completion")
            let choice = try #require(body.choices.first)
            #expect(choice.text.hasPrefix(" Step 1: "))
            #expect(!choice.text.contains("\n\n"))
            #expect(choice.finishReason == "stop")
            let logprobs = try #require(choice.logprobs).tokens
            #expect(logprobs.map(\.token).joined() == choice.text)
            for entry in logprobs {
                #expect(entry.logprob < 0)
                #expect(entry.topLogprobs.count == 2)
                #expect(entry.topLogprobs[0].logprob >= entry.topLogprobs[1].logprob)
            }
            #expect(body.usage?.completionTokens == logprobs.count + 2, "the stop string's tokens count")
        }
    }

    @Test func chatLogprobsAndMaxTokens() async throws {
        try await withSim { http in
            let response = try await http.post(
                "/v1/chat/completions",
                json: chatJSON(extra: "\"max_tokens\":4,\"logprobs\":true,\"top_logprobs\":3,\"n\":2"))
            let body = try response.decode(ChatCompletionResponse.self)
            for choice in body.choices {
                #expect(choice.finishReason == "length")
                let tokens = try #require(choice.logprobs).tokens
                #expect(tokens.count == 4)
                #expect(tokens.allSatisfy { $0.topLogprobs.count == 3 })
                #expect(tokens.map(\.token).joined() == choice.message.content)
            }
            #expect(body.usage?.completionTokens == 8)
            // The raw JSON is OpenAI's chat shape.
            #expect(response.text.contains("\"logprobs\":{\"content\":[{"))
        }
    }

    @Test func streamingChatWithUsage() async throws {
        try await withSim { http in
            let extra = "\"n\":2,\"temperature\":0.8,\"seed\":3"
            let plain = try await http.post("/v1/chat/completions", json: chatJSON(extra: extra))
                .decode(ChatCompletionResponse.self)
            let response = try await http.post(
                "/v1/chat/completions",
                json: chatJSON(extra: extra + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))
            #expect(response.status == 200)
            #expect(response.header("content-type") == "text/event-stream")
            let events = response.events
            #expect(events.last == "[DONE]")
            let chunks = try events.dropLast().map { try JSONDecoder().decode(StreamChunk.self, from: Data($0.utf8)) }
            #expect(chunks.first?.choices.first?.delta?.role == "assistant")
            #expect(chunks.allSatisfy { $0.object == "chat.completion.chunk" })
            var texts = ["", ""]
            var finish: [String?] = [nil, nil]
            for chunk in chunks {
                for choice in chunk.choices {
                    #expect(finish[choice.index] == nil, "nothing after the finishing chunk")
                    texts[choice.index] += choice.content
                    if let reason = choice.finishReason { finish[choice.index] = reason }
                }
            }
            #expect(texts == plain.choices.map(\.message.content))
            #expect(finish == ["stop", "stop"])
            let usageChunk = try #require(chunks.last)
            #expect(usageChunk.choices.isEmpty)
            #expect(usageChunk.usage?.completionTokens == plain.usage?.completionTokens)
            let contentChunks = chunks.filter { $0.choices.contains { $0.delta?.role == nil } }
            #expect(contentChunks.count == texts.map { SimTokenizer.count($0) }.reduce(0, +), "one chunk per token")
        }
    }

    @Test func streamingCompletionWithoutUsage() async throws {
        try await withSim { http in
            let response = try await http.post(
                "/v1/completions", json: completionJSON(sampleProblem.question, extra: "\"stream\":true,\"max_tokens\":7"))
            let events = response.events
            #expect(events.last == "[DONE]")
            let chunks = try events.dropLast().map { try JSONDecoder().decode(StreamChunk.self, from: Data($0.utf8)) }
            #expect(chunks.count == 7)
            #expect(chunks.allSatisfy { $0.usage == nil && $0.object == "text_completion" })
            #expect(chunks.last?.choices.first?.finishReason == "length")
        }
    }

    @Test func cachedTokensGrowOnARepeatedPrefix() async throws {
        try await withSim { http in
            let fewShot = (0..<6).map { index in
                let problem = SimProblemGenerator.generate(count: 6, seed: 1, difficulty: .level(2))[index]
                return "Q: \(problem.question)\nA: The answer is \\boxed{\(problem.answer)}."
            }.joined(separator: "\n\n")
            let first = try await http.post(
                "/v1/completions", json: completionJSON(fewShot + "\n\nQ: " + sampleProblem.question + "\nA:"))
                .decode(CompletionResponse.self).usage
            let second = try await http.post(
                "/v1/completions",
                json: completionJSON(fewShot + "\n\nQ: " + sampleProblem.question + "\nA: Step 1: 12 + 3 = 15\n\n"))
                .decode(CompletionResponse.self).usage
            #expect(first?.cachedTokens == 0)
            let cached = try #require(second?.cachedTokens)
            #expect(cached > 0 && cached % 16 == 0)
            #expect(cached <= first?.promptTokens ?? 0)
            #expect(cached >= (first?.promptTokens ?? 0) - 16, "all full blocks of the shared prefix hit")
            #expect(http.sim.stats().cachedTokens == cached)
        }
    }

    @Test func modelsAndUnknownModels() async throws {
        try await withSim(SimConfiguration(modelName: "tiny-sim")) { http in
            let models = try await http.get("/v1/models").decode(ModelList.self)
            #expect(models.data.map(\.id) == ["tiny-sim"])
            let chat = try await http.post("/v1/chat/completions", json: chatJSON(model: "gpt-4"))
            #expect(chat.status == 404)
            #expect(try chat.decode(ErrorBody.self).error.param == "model")
            let completion = try await http.post("/v1/completions", json: "{\"model\":\"other\",\"prompt\":\"hi\"}")
            #expect(completion.status == 404)
            #expect(try completion.decode(ErrorBody.self).error.code == "model_not_found")
            let ok = try await http.post("/v1/chat/completions", json: chatJSON(model: "tiny-sim"))
            #expect(ok.status == 200)
        }
    }

    @Test func invalidInputGets400NamingTheParameter() async throws {
        try await withSim { http in
            let cases: [(String, String, String?)] = [
                ("/v1/chat/completions", chatJSON(extra: "\"n\":0"), "n"),
                ("/v1/chat/completions", chatJSON(extra: "\"n\":129"), "n"),
                ("/v1/chat/completions", chatJSON(extra: "\"temperature\":2.5"), "temperature"),
                ("/v1/chat/completions", chatJSON(extra: "\"temperature\":-1"), "temperature"),
                ("/v1/chat/completions", chatJSON(extra: "\"max_tokens\":0"), "max_tokens"),
                ("/v1/chat/completions", chatJSON(extra: "\"logprobs\":true,\"top_logprobs\":21"), "top_logprobs"),
                ("/v1/chat/completions", chatJSON(extra: "\"n\":\"many\""), "n"),
                ("/v1/chat/completions", "{\"model\":\"sim-reasoner\",\"messages\":[]}", "messages"),
                ("/v1/chat/completions", "{\"model\":\"sim-reasoner\"}", "messages"),
                ("/v1/completions", completionJSON("hi", extra: "\"logprobs\":30"), "logprobs"),
                ("/v1/completions", "{\"model\":\"sim-reasoner\",\"prompt\":\"hi\"", nil),
                ("/v1/score", "{\"question\":1}", "question"),
            ]
            for (path, json, param) in cases {
                let response = try await http.post(path, json: json)
                #expect(response.status == 400, "\(json)")
                let error = try response.decode(ErrorBody.self).error
                #expect(error.param == param, "\(json): \(error.message)")
                #expect(error.type == "invalid_request_error")
            }
            #expect(http.sim.stats().rejected == cases.count)
        }
    }

    @Test func scoringRoutes() async throws {
        try await withSim(SimConfiguration(prmNoise: 0.5, qvalueNoise: 0.2)) { http in
            let problem = ArithmeticProblem(
                start: 17, operations: [.init(.add, 5), .init(.multiply, 3), .init(.subtract, 4)])
            let steps = ["Step 1: 17 + 5 = 22", "Step 2: 22 × 3 = 67", "Step 3: 67 - 4 = 63"]
            let score = try await http.post("/v1/score", ScoreRequest(question: problem.question, steps: steps))
            #expect(score.status == 200)
            let scores = try score.decode(ScoreResponse.self).scores
            #expect(scores.count == 3)
            #expect(scores[0] > 0.5 && scores[1] < 0.5 && scores[2] < 0.5)
            let again = try await http.post("/v1/score", ScoreRequest(question: problem.question, steps: steps))
            #expect(again.body == score.body, "the same path gets the same scores")

            let qvalue = try await http.post(
                "/v1/qvalue",
                QValueRequest(
                    question: problem.question, steps: ["Step 1: 17 + 5 = 22"],
                    candidates: ["Step 2: 22 × 3 = 66", "Step 2: 22 × 3 = 67", "nonsense"]))
            let values = try qvalue.decode(QValueResponse.self).values
            #expect(values.count == 3)
            #expect(values[0] > 0.5 && values[1] < 0.1 && values[2] < 0.1)
            let wrongModel = try await http.post("/v1/score", ScoreRequest(model: "judge", question: "q", steps: []))
            #expect(wrongModel.status == 404)
        }
    }

    @Test func statsRouteMatchesTheSwiftValue() async throws {
        try await withSim { http in
            _ = try await http.post("/v1/chat/completions", json: chatJSON(extra: "\"n\":2"))
            _ = try await http.post("/v1/completions", json: completionJSON(sampleProblem.question))
            _ = try await http.get("/v1/models")
            let before = http.sim.stats()
            let route = try await http.get("/sim/stats").decode(SimStats.self)
            var expected = before
            expected.requests["/sim/stats", default: 0] += 1
            expected.inFlight += 1
            #expect(route == expected, "the route reports what the server counted, itself in flight")
            #expect(before.requests == ["/v1/chat/completions": 1, "/v1/completions": 1, "/v1/models": 1])
            #expect(before.choices == 3)
            #expect(before.inFlight == 0)
            #expect(before.finished == 3)
            #expect(try JSONSerialization.jsonObject(with: Data(try await http.get("/sim/stats").body)) is [String: Any])
        }
    }

    @Test func identicalRequestsGetIdenticalBytes() async throws {
        let requests = [
            chatJSON(extra: "\"n\":4,\"temperature\":1.0,\"seed\":99,\"logprobs\":true,\"top_logprobs\":2"),
            chatJSON(extra: "\"temperature\":0"),
            chatJSON(extra: "\"n\":3,\"temperature\":0.7"),  // unseeded: a function of the server seed and request order
        ]
        func bodies() async throws -> [[UInt8]] {
            try await withSim(SimConfiguration(seed: 5)) { http in
                var out: [[UInt8]] = []
                for json in requests { out.append(try await http.post("/v1/chat/completions", json: json).body) }
                out.append(try await http.post("/v1/chat/completions", json: requests[0] + " ").body)
                return out
            }
        }
        let first = try await bodies()
        let second = try await bodies()
        #expect(first == second)
        #expect(first[0] != first[3], "a different request body gets a different id")
    }
}
