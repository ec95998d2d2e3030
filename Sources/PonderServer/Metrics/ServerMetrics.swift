import PonderBackends
import PonderCore
import Prometheus

/// The daemon's metrics, exposed as Prometheus text at `GET /metrics`.
///
/// Request-level series are recorded as requests finish (one registry per server, so several servers
/// in one process never mix their numbers). Backend series — calls by endpoint and outcome, latency,
/// retries, ejections, calls in flight — are read from the endpoint pools' own counters at scrape
/// time, so the backend hot path pays nothing for them. Labels carry route, status, strategy, model
/// and client names: never an API key.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requestBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    /// The routes that get their own label; anything else is "other", so clients cannot mint series.
    static let routes: Set<String> = [
        "/v1/chat/completions", "/v1/completions", "/v1/models", "/healthz", "/readyz", "/metrics",
    ]

    static func routeLabel(_ path: String) -> String {
        if routes.contains(path) { return path }
        return path.hasPrefix("/v1/ponder/traces/") ? "/v1/ponder/traces" : "other"
    }

    func request(path: String, status: Int, strategy: String?, duration: Duration) {
        let route = Self.routeLabel(path)
        registry.makeCounter(
            name: "ponder_requests_total",
            labels: [("route", route), ("status", String(status)), ("strategy", strategy ?? "")],
            help: "Requests by route, HTTP status and strategy."
        ).increment()
        registry.makeDurationHistogram(
            name: "ponder_request_duration_seconds", labels: [("route", route)], buckets: requestBuckets,
            help: "Time to the response head (for streams, to the first byte)."
        ).record(duration)
    }

    func searchFinished(model: String, strategy: String, usage: Usage, cutShort: StopReason?) {
        for (kind, tokens) in [("prompt", usage.promptTokens), ("completion", usage.completionTokens), ("cached_prompt", usage.cachedPromptTokens)]
        where tokens > 0 {
            registry.makeCounter(
                name: "ponder_tokens_total", labels: [("model", model), ("kind", kind)],
                help: "Tokens the backends reported, by model and kind."
            ).increment(by: Int64(tokens))
        }
        if let cutShort {
            registry.makeCounter(
                name: "ponder_budget_cutoffs_total", labels: [("strategy", strategy), ("reason", cutShort.rawValue)],
                help: "Searches the budget cut short, by strategy and the limit reached."
            ).increment()
        }
    }

    func admissionRefused() {
        registry.makeCounter(name: "ponder_admission_rejections_total", help: "Requests refused with 429 because the search queue was full.").increment()
    }

    func rateLimited(client: String) {
        registry.makeCounter(
            name: "ponder_rate_limited_total", labels: [("client", client)],
            help: "Requests refused with 429 by a client's rate limit, by key name."
        ).increment()
    }

    /// Rows of answered requests committed to the `--record` file.
    func recordRowsWritten(_ count: Int) {
        registry.makeCounter(
            name: "ponder_record_rows_written_total", help: "Answered requests written to the --record file."
        ).increment(by: Int64(count))
    }

    /// Rows of answered requests not recorded: `queue_full` (the writer could not keep up; the request
    /// did not wait) or `write_failed` (the database refused the batch).
    func recordRowsDropped(_ count: Int, reason: String) {
        registry.makeCounter(
            name: "ponder_record_rows_dropped_total", labels: [("reason", reason)],
            help: "Answered requests not written to the --record file, by reason."
        ).increment(by: Int64(count))
    }

    /// The whole exposition: the registry, the admission state, then the backend pools.
    func render(admission: AdmissionControl.Snapshot, pools: [EndpointPool.Snapshot], names: [String], recordPending: Int? = nil) -> String {
        registry.makeGauge(name: "ponder_searches_in_flight", help: "Searches running now.").set(Double(admission.running))
        registry.makeGauge(name: "ponder_searches_queued", help: "Requests waiting for a search slot.").set(Double(admission.queued))
        if let recordPending {
            registry.makeGauge(
                name: "ponder_record_rows_pending", help: "Answered requests waiting for the --record writer."
            ).set(Double(recordPending))
        }
        var text = registry.emitToString()
        text += BackendMetricsText.render(pools: pools, names: names)
        return text
    }
}
