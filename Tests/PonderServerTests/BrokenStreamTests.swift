import Foundation
import Testing

@testable import PonderServer

/// An upstream that answers `stream: true` with something other than a whole event stream: the
/// client must never get it as a finished answer.
@Suite struct BrokenStreamTests {
    static func response(_ contentType: String, _ body: String) -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    static let request =
        #"{"model":"sim-reasoner","stream":true,"messages":[{"role":"user","content":"Start with 3. Add 4. What is the result?"}]}"#

    static let noAnswers: [(String, String)] = [
        ("an HTML page", response("text/html", "<html>bad gateway</html>")),
        ("an error object", response("application/json", #"{"error":{"message":"overloaded"}}"#)),
        ("an error event", response("text/event-stream", "data: {\"error\":{\"message\":\"overloaded\"}}\n\n")),
        ("a whole completion", response("application/json", #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"42"},"finish_reason":"stop"}]}"#)),
    ]

    @Test(arguments: 0..<4) func aStreamWithNoAnswerInItIsAnUpstreamError(_ index: Int) async throws {
        let (name, reply) = Self.noAnswers[index]
        let upstream = try await TestListener.start { _ in reply }
        try await DaemonHarness.with(upstream: "http://127.0.0.1:\(upstream.port)") { daemon in
            let answer = try await daemon.post("/v1/chat/completions", Self.request)
            #expect(answer.status == 502, "\(name): \(answer.everything)")
            #expect(answer.error["type"] as? String == "upstream_error", "\(name)")
        }
        await upstream.stop()
    }

    @Test func aStreamCutOffBetweenEventsEndsInAnErrorNotAFinishedAnswer() async throws {
        let chunk = #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"The ans"},"finish_reason":null}]}"#
        let upstream = try await TestListener.start { _ in Self.response("text/event-stream", "data: \(chunk)\n\n") }
        try await DaemonHarness.with(upstream: "http://127.0.0.1:\(upstream.port)") { daemon in
            let answer = try await daemon.post("/v1/chat/completions", Self.request)
            #expect(answer.status == 200, "the first piece was on its way before the cut")
            #expect(answer.text.contains("The ans"))
            #expect(answer.text.contains(#"{"error":"#), "the stream ends with an error event: \(answer.text)")
            #expect(!answer.text.contains(#""finish_reason":"stop""#), "not a finished answer: \(answer.text)")
        }
        #expect(upstream.connections > 1, "a broken stream is retried")
        await upstream.stop()
    }
}
