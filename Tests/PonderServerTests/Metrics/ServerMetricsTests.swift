import PonderCore
import Synchronization
import Testing

@testable import PonderServer

@Suite struct ServerMetricsTests {
    func text(_ metrics: ServerMetrics) -> String {
        metrics.render(admission: .init(running: 0, queued: 0), pools: [], names: [])
    }

    @Test func requestsOfOneSeriesAddUpInOneLine() {
        let metrics = ServerMetrics()
        for _ in 0..<3 {
            metrics.request(route: "/v1/chat/completions", status: 200, strategy: "single", duration: .milliseconds(2))
        }
        metrics.request(route: "/v1/chat/completions", status: 400, strategy: nil, duration: .milliseconds(1))
        let text = text(metrics)
        #expect(text.contains(#"ponder_requests_total{route="/v1/chat/completions",status="200",strategy="single"} 3"#), "\(text)")
        #expect(text.contains(#"ponder_requests_total{route="/v1/chat/completions",status="400",strategy=""} 1"#), "\(text)")
        #expect(text.contains(#"ponder_request_duration_seconds_count{route="/v1/chat/completions"} 4"#), "\(text)")
    }

    /// Each budget a client names would otherwise be a series of its own.
    @Test func budgetVariantsCountUnderTheirPreset() {
        let metrics = ServerMetrics()
        for budget in 1...50 {
            metrics.request(route: "/v1/chat/completions", status: 200, strategy: "best-of-n@\(budget)", duration: .milliseconds(1))
            metrics.searchFinished(
                model: "m", strategy: "best-of-n@\(budget)", usage: Usage(promptTokens: 1, completionTokens: 2), cutShort: .calls)
        }
        let text = text(metrics)
        #expect(text.contains(#"ponder_requests_total{route="/v1/chat/completions",status="200",strategy="best-of-n"} 50"#), "\(text)")
        #expect(text.contains(#"ponder_budget_cutoffs_total{strategy="best-of-n",reason="calls"} 50"#), "\(text)")
        #expect(text.contains(#"ponder_tokens_total{model="m",kind="completion"} 100"#), "\(text)")
        #expect(!text.contains("@"), "\(text)")
    }

    @Test func handlesAreMadeOncePerKey() {
        final class Box: Sendable {}
        let made = Counted()
        let handles = MetricHandles<String, Box> { _ in
            made.add()
            return Box()
        }
        let first = handles["a"]
        #expect(handles["a"] === first)
        #expect(handles["b"] !== first)
        #expect(made.count == 2)
    }

    @Test func freshRequestIDsAreSixteenHexDigits() {
        let ids = (0..<100).map { _ in RequestLog.freshID() }
        for id in ids {
            #expect(id.wholeMatch(of: #/req-[0-9a-f]{16}/#) != nil, "\(id)")
        }
        #expect(Set(ids).count == 100)
    }
}

private final class Counted: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func add() { value.withLock { $0 += 1 } }
}
