import Foundation
import PonderCore
import Testing

@testable import PonderBackends

@Suite struct WireDecodingTests {
    @Test func chatLogprobsShape() throws {
        let json = #"{"content":[{"token":"4","logprob":-0.1,"top_logprobs":[{"token":"4","logprob":-0.1},{"token":"5","logprob":-2.5}]}]}"#
        let payload = try JSONDecoder().decode(LogprobsPayload.self, from: Data(json.utf8))
        #expect(payload.tokens.count == 1)
        #expect(payload.tokens[0].token == "4")
        #expect(payload.tokens[0].topLogprobs.map(\.token) == ["4", "5"])
    }

    @Test func legacyCompletionLogprobsShape() throws {
        let json = #"{"tokens":["The"," answer"],"token_logprobs":[-0.5,null],"top_logprobs":[{"The":-0.5,"A":-1.5},null]}"#
        let payload = try JSONDecoder().decode(LogprobsPayload.self, from: Data(json.utf8))
        #expect(payload.tokens.map(\.token) == ["The", " answer"])
        #expect(payload.tokens[0].topLogprobs.map(\.token) == ["The", "A"], "sorted, most likely first")
        #expect(payload.tokens[1].logprob == -.infinity)
    }

    @Test func messageContentAsParts() throws {
        let json = #"{"role":"user","content":[{"type":"text","text":"Start with 3."},{"type":"text","text":"Add 4."}]}"#
        let message = try JSONDecoder().decode(ChatMessage.self, from: Data(json.utf8))
        #expect(message.content == "Start with 3.\nAdd 4.", "parts are lines, not run together")
        let withImage = #"{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"x"}}]}"#
        #expect(throws: DecodingError.self, "a part that is not text is refused, not dropped") {
            try JSONDecoder().decode(ChatMessage.self, from: Data(withImage.utf8))
        }
    }

    @Test func stopAsStringOrList() throws {
        #expect(try JSONDecoder().decode(StopSequences.self, from: Data(#""\n\n""#.utf8)).values == ["\n\n"])
        #expect(try JSONDecoder().decode(StopSequences.self, from: Data(#"["a","b"]"#.utf8)).values == ["a", "b"])
    }

    @Test func requestOmitsUnsetFields() throws {
        let request = ChatCompletionRequest(model: "m", messages: [.user("hi")], sampling: .init(temperature: 0.5))
        let json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        #expect(json.contains("\"temperature\":0.5"))
        #expect(!json.contains("top_k"))
        #expect(!json.contains("stream"))
    }

    @Test func usageWithCachedTokens() throws {
        let json = #"{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"prompt_tokens_details":{"cached_tokens":64}}"#
        let usage = try JSONDecoder().decode(UsageBody.self, from: Data(json.utf8))
        #expect(usage.cachedTokens == 64)
        #expect(try JSONDecoder().decode(UsageBody.self, from: Data(#"{"prompt_tokens":5}"#.utf8)).cachedTokens == 0)
    }

    @Test func baseURLNormalisation() throws {
        for raw in ["http://h:8000", "http://h:8000/", "http://h:8000/v1", "http://h:8000/v1/", " http://h:8000/v1 "] {
            #expect(try BaseURL.normalize(raw) == "http://h:8000/v1")
        }
        #expect(try BaseURL.normalize("https://api.example/openai") == "https://api.example/openai/v1")
        for bad in ["h:8000", "ftp://h/v1", "http://", "http://:80", "http://h/v1?x=1"] {
            #expect(throws: BaseURL.Invalid.self) { try BaseURL.normalize(bad) }
        }
    }
}
