import Foundation
import NIOCore
import PonderCore
@testable import PonderServer
import Testing

/// The hand-written response bodies say exactly what `JSONEncoder` says of the same values.
@Suite struct ProxyResponseJSONTests {
    /// Text that needs every kind of escaping JSON has, plus multi-byte characters.
    static let awkward = "say \"hi\"\\ then\nnew line\ttab \u{1} control, é, 😀 and </script>"

    static let allocation = AllocationRecord(
        features: ProbeFeatures(samples: 4, agreement: 0.75, entropy: 0.56, answered: 1, meanScore: 0.5, maxScore: 0.9),
        difficulty: 0.31, bin: 2, tier: 16, plan: "beam-prm@16", probeUsage: Usage(promptTokens: 40, completionTokens: 80), pilotsReused: 3)

    static func details(allocation: AllocationRecord? = nil, cutShort: StopReason? = nil) -> ProxySearchDetails {
        ProxySearchDetails(
            strategy: "best-of-4", kind: "best-of-n", parameters: ["n": "4", "temperature": "0.8", "odd \"key\"": awkward],
            calls: 4, cutShort: cutShort, generationEquivalents: 4.25,
            candidates: [
                Candidate(text: awkward, answer: "42", score: 0.93, stepScores: [0.5, 0.75, 0.93], votes: 3),
                Candidate(text: "unfinished", score: nil, isComplete: false),
            ],
            uncountedChoices: 0, traceID: "req-1", allocation: allocation)
    }

    /// Both bodies parsed, then compared as values (numbers by value, objects without key order).
    static func expectSame<T: Encodable & ProxyJSONWritable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = Data(value.jsonBytes.readableBytesView)
        let encoded = try JSONEncoder().encode(value)
        let lhs = try JSONSerialization.jsonObject(with: written) as? NSDictionary
        let rhs = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(lhs != nil, "the written body parses: \(String(decoding: written, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(lhs == rhs, "written \(String(decoding: written, as: UTF8.self))\nencoded \(String(decoding: encoded, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test func chatResponses() throws {
        for (cached, allocation, cutShort) in [(nil, nil, nil), (12, Self.allocation, StopReason.tokens)] as [(Int?, AllocationRecord?, StopReason?)] {
            try Self.expectSame(
                ProxyChatResponse(
                    id: "chatcmpl-1", created: 0, model: "m",
                    choices: [
                        .init(index: 0, message: .assistant(Self.awkward), finishReason: "stop"),
                        .init(index: 1, message: .assistant(""), finishReason: "length"),
                    ],
                    usage: UsageBody(promptTokens: 10, completionTokens: 20, cachedTokens: cached),
                    ponder: Self.details(allocation: allocation, cutShort: cutShort)))
        }
    }

    @Test func completionResponses() throws {
        try Self.expectSame(
            ProxyCompletionResponse(
                id: "cmpl-1", created: 0, model: "m", choices: [.init(index: 0, text: Self.awkward, finishReason: "stop")],
                usage: UsageBody(promptTokens: 1, completionTokens: 2), ponder: Self.details()))
    }

    @Test func streamChunks() throws {
        try Self.expectSame(StreamFormat.chat.chunk(id: "c", created: 1_764_400_000, model: "m", role: "assistant", text: ""))
        try Self.expectSame(StreamFormat.chat.chunk(id: "c", created: 1_764_400_000, model: "m", text: Self.awkward))
        try Self.expectSame(StreamFormat.chat.chunk(id: "c", created: 1_764_400_000, model: "m", text: nil, finishReason: "stop"))
        try Self.expectSame(StreamFormat.text.chunk(id: "c", created: 1_764_400_000, model: "m", text: Self.awkward))
        var progress = StreamFormat.chat.chunk(id: "c", created: 1_764_400_000, model: "m", text: nil)
        progress.ponder = .init(
            strategy: "auto", calls: 3, promptTokens: 30, completionTokens: 60, step: 2, nodesExpanded: 7, bestScore: 0.8,
            cutShort: .deadline, traceID: "t", allocation: Self.allocation)
        progress.usage = UsageBody(promptTokens: 30, completionTokens: 60, cachedTokens: 5)
        try Self.expectSame(progress)
        progress.ponder = .init(strategy: "beam", calls: 1, promptTokens: 3, completionTokens: 6)
        try Self.expectSame(progress)
    }

    @Test func aStreamedEventIsFramedAsServerSentEvent() throws {
        let event = String(buffer: StreamFormat.text.chunk(id: "c", created: 1_764_400_000, model: "m", text: "x").event)
        #expect(event.hasPrefix("data: {\"id\":\"c\","))
        #expect(event.hasSuffix("}\n\n"))
    }

    @Test func aNonFiniteScoreIsNullAndTheBodyStaysValid() throws {
        var details = Self.details()
        details.candidates[0].score = .nan
        details.candidates[0].stepScores = [.infinity, 0.5]
        let response = ProxyCompletionResponse(
            id: "cmpl-1", created: 0, model: "m", choices: [], usage: UsageBody(promptTokens: 1, completionTokens: 2), ponder: details)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(response.jsonBytes.readableBytesView)) as? [String: Any])
        let candidate = try #require(((body["ponder"] as? [String: Any])?["candidates"] as? [[String: Any]])?.first)
        #expect(candidate["score"] is NSNull)
        #expect((candidate["step_scores"] as? [Any])?.first is NSNull)
        #expect((body["usage"] as? [String: Any])?["total_tokens"] as? Int == 3)
    }

    /// Encoder-written bodies come out the same in every process: Foundation's encoder on Linux keeps no
    /// key order of its own, so they are sorted.
    @Test func encodedBodiesHaveTheirKeysSorted() {
        let list = ModelList(data: [.init(id: "m", created: 7, ownedBy: "ponder"), .init(id: "best-of-4/m", created: 7, ownedBy: "ponder")])
        let text = String(buffer: JSONBody.bytes(list))
        #expect(
            text == #"{"data":[{"created":7,"id":"m","object":"model","owned_by":"ponder"},"#
                + #"{"created":7,"id":"best-of-4/m","object":"model","owned_by":"ponder"}],"object":"list"}"#)
    }
}
