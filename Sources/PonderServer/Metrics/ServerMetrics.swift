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
    let registry: PrometheusCollectorRegistry
    private static let requestBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    private struct RequestSeries: Hashable, Sendable {
        var route: String
        var status: Int
        var strategy: String
    }

    private struct TokenSeries: Hashable, Sendable {
        var model: String
        var kind: String
    }

    private struct CutoffSeries: Hashable, Sendable {
        var strategy: String
        var reason: String
    }

    private let requests: MetricHandles<RequestSeries, Counter>
    private let durations: MetricHandles<String, DurationHistogram>
    private let tokens: MetricHandles<TokenSeries, Counter>
    private let cutoffs: MetricHandles<CutoffSeries, Counter>

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        requests = MetricHandles { series in
            registry.makeCounter(
                descriptor: MetricNameDescriptor("ponder_requests_total", help: "Requests by route, HTTP status and strategy."),
                labels: [("route", series.route), ("status", String(series.status)), ("strategy", series.strategy)])
        }
        durations = MetricHandles { route in
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    "ponder_request_duration_seconds", help: "Time to the response head (for streams, to the first byte)."),
                labels: [("route", route)], buckets: Self.requestBuckets)
        }
        tokens = MetricHandles { series in
            registry.makeCounter(
                descriptor: MetricNameDescriptor("ponder_tokens_total", help: "Tokens the backends reported, by model and kind."),
                labels: [("model", series.model), ("kind", series.kind)])
        }
        cutoffs = MetricHandles { series in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    "ponder_budget_cutoffs_total", help: "Searches the budget cut short, by strategy and the limit reached."),
                labels: [("strategy", series.strategy), ("reason", series.reason)])
        }
    }

    /// The strategy label: a budget variant (`best-of-n@37`) counts under its preset (`best-of-n`), so a
    /// client cannot mint a series per budget it asks for.
    static func strategyLabel(_ preset: String) -> String {
        guard let at = preset.utf8.firstIndex(of: UInt8(ascii: "@")) else { return preset }
        return String(preset[..<at])
    }

    /// `route`: the route's label (`DaemonRoute.label`), or `other` for an unknown path: a fixed set, so
    /// clients cannot mint series.
    func request(route: String, status: Int, strategy: String?, duration: Duration) {
        requests[RequestSeries(route: route, status: status, strategy: strategy.map(Self.strategyLabel) ?? "")].increment()
        durations[route].record(duration)
    }

    func searchFinished(model: String, strategy: String, usage: Usage, cutShort: StopReason?) {
        if usage.promptTokens > 0 { tokens[TokenSeries(model: model, kind: "prompt")].increment(by: Int64(usage.promptTokens)) }
        if usage.completionTokens > 0 {
            tokens[TokenSeries(model: model, kind: "completion")].increment(by: Int64(usage.completionTokens))
        }
        if usage.cachedPromptTokens > 0 {
            tokens[TokenSeries(model: model, kind: "cached_prompt")].increment(by: Int64(usage.cachedPromptTokens))
        }
        if let cutShort {
            cutoffs[CutoffSeries(strategy: Self.strategyLabel(strategy), reason: cutShort.rawValue)].increment()
        }
    }

    func admissionRefused() {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                "ponder_admission_rejections_total", help: "Requests refused with 429 because the search queue was full.")
        ).increment()
    }

    func rateLimited(client: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                "ponder_rate_limited_total", help: "Requests refused with 429 by a client's rate limit, by key name."),
            labels: [("client", client)]
        ).increment()
    }

    /// Rows of answered requests committed to the `--record` file.
    func recordRowsWritten(_ count: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor("ponder_record_rows_written_total", help: "Answered requests written to the --record file.")
        ).increment(by: Int64(count))
    }

    /// Rows of answered requests not recorded: `queue_full` (the writer could not keep up; the request
    /// did not wait) or `write_failed` (the database refused the batch).
    func recordRowsDropped(_ count: Int, reason: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                "ponder_record_rows_dropped_total", help: "Answered requests not written to the --record file, by reason."),
            labels: [("reason", reason)]
        ).increment(by: Int64(count))
    }

    /// The whole exposition: the registry, the admission state, then the backend pools.
    func render(admission: AdmissionControl.Snapshot, pools: [EndpointPool.Snapshot], names: [String], recordPending: Int? = nil) -> String {
        let running = MetricNameDescriptor("ponder_searches_in_flight", help: "Searches running now.")
        let queued = MetricNameDescriptor("ponder_searches_queued", help: "Requests waiting for a search slot.")
        registry.makeGauge(descriptor: running).set(Double(admission.running))
        registry.makeGauge(descriptor: queued).set(Double(admission.queued))
        if let recordPending {
            registry.makeGauge(
                descriptor: MetricNameDescriptor("ponder_record_rows_pending", help: "Answered requests waiting for the --record writer.")
            ).set(Double(recordPending))
        }
        var text = registry.emitToString()
        text += BackendMetricsText.render(pools: pools, names: names)
        return text
    }
}

extension MetricNameDescriptor {
    /// A metric's whole name and help text, as Ponder names its metrics.
    init(_ name: String, help: String) {
        self.init(metricName: name, unitName: "", helpText: help)
    }
}
