import Foundation
import NIOCore
import PonderCore
import Testing

@testable import PonderBackends

@Suite struct RequestBodiesTests {
    let awkward = "quote \" backslash \\ newline \n tab \t return \r bell \u{07} nul \u{0} unicode é 数学 🧮 end"

    @Test func chatBodyDecodesToTheSameRequest() throws {
        var request = ChatCompletionRequest(
            model: "m/\(awkward)",
            messages: [.system("be brief"), .user(awkward), .assistant("Step 1: 2 + 2 = 4\n\n")],
            sampling: SamplingParameters(
                n: 4, temperature: 0.7, topP: 0.95, topK: 40, minP: 0.05, seed: UInt64.max, maxTokens: 256,
                stop: ["\n\n", awkward], logprobs: true, topLogprobs: 5),
            stream: true)
        request.continueFinalMessage = true
        request.addGenerationPrompt = false
        let body = RequestBodies.chat(request)
        let decoded = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body))
        #expect(decoded.model == request.model)
        #expect(decoded.messages == request.messages)
        #expect(decoded.sampling == request.sampling)
        #expect(decoded.stream == true)
        #expect(decoded.streamOptions?.includeUsage == true)
        #expect(decoded.continueFinalMessage == true)
        #expect(decoded.addGenerationPrompt == false)
        // Same bytes as Codable would give, field order aside.
        let viaCodable = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? NSDictionary
        let viaWriter = try JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary
        #expect(viaCodable == viaWriter)
    }

    @Test func minimalBodyLeavesUnsetFieldsOut() throws {
        let body = String(decoding: RequestBodies.chat(ChatCompletionRequest(model: "m", messages: [.user("hi")])), as: UTF8.self)
        #expect(body == #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#)
    }

    @Test func completionBodyDecodesToTheSameRequest() throws {
        let request = CompletionRequest(
            model: "m", prompt: awkward,
            sampling: SamplingParameters(n: 2, temperature: 1, seed: 3, maxTokens: 9, stop: ["x"], logprobs: true, topLogprobs: 2))
        let decoded = try JSONDecoder().decode(CompletionRequest.self, from: Data(RequestBodies.completion(request)))
        #expect(decoded.prompt == awkward)
        #expect(decoded.sampling == request.sampling)
        #expect(decoded.logprobs == 2)
    }

    @Test(arguments: [0, 7, -7, 10, -10, 1_000_000, Int.max, Int.min])
    func integersAreWrittenAsTheirDecimalDigits(value: Int) {
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.field("i", value)
        writer.field("u", UInt64(value.magnitude))
        writer.field("seed", UInt64.max)
        writer.endObject()
        let expected = #"{"i":\#(String(value)),"u":\#(String(value.magnitude)),"seed":18446744073709551615}"#
        #expect(String(buffer: writer.buffer) == expected)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        var writer = JSONBodyWriter()
        writer.beginObject()
        writer.field("t", Double.nan)
        writer.endObject()
        #expect(String(buffer: writer.buffer) == #"{"t":null}"#)
    }
}
