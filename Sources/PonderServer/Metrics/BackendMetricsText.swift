import PonderBackends

/// Prometheus text for the endpoint pools' own counters (see `EndpointPool.Snapshot`), labelled by
/// endpoint name and replica URL.
enum BackendMetricsText {
    static func render(pools: [EndpointPool.Snapshot], names: [String]) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ body: (String, EndpointPool.Snapshot, Int) -> String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (pool, endpoint) in zip(pools, names) {
                for index in pool.replicas.indices {
                    let labels = "endpoint=\"\(escape(endpoint))\",replica=\"\(escape(pool.replicas[index]))\""
                    out += body(labels, pool, index)
                }
            }
        }
        family("ponder_backend_calls_total", "counter", "Backend call attempts by endpoint, replica and outcome.") { labels, pool, i in
            "ponder_backend_calls_total{\(labels),outcome=\"success\"} \(pool.counters[i].successes)\n"
                + "ponder_backend_calls_total{\(labels),outcome=\"failure\"} \(pool.counters[i].failures)\n"
        }
        family("ponder_backend_retries_total", "counter", "Retries after a retryable backend failure.") { labels, pool, i in
            "ponder_backend_retries_total{\(labels)} \(pool.counters[i].retries)\n"
        }
        family("ponder_backend_ejections_total", "counter", "Times a replica's circuit breaker opened.") { labels, pool, i in
            "ponder_backend_ejections_total{\(labels)} \(pool.ejections[i])\n"
        }
        family(
            "ponder_backend_circuit_state", "gauge",
            "Circuit breaker state per replica: 0 closed (in service), 1 open (ejected), 2 half-open (probing)."
        ) { labels, pool, i in
            "ponder_backend_circuit_state{\(labels)} \(circuitStateValue(pool.breakers[i]))\n"
        }
        family("ponder_backend_in_flight", "gauge", "Backend calls in flight.") { labels, pool, i in
            "ponder_backend_in_flight{\(labels)} \(pool.outstanding[i])\n"
        }
        family("ponder_backend_call_duration_seconds", "histogram", "Backend call latency (answered attempts).") { labels, pool, i in
            let histogram = pool.latency[i]
            var lines = ""
            var cumulative = 0
            for (bound, count) in zip(LatencyHistogram.bounds, histogram.counts) {
                cumulative += count
                lines += "ponder_backend_call_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            lines += "ponder_backend_call_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            lines += "ponder_backend_call_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            lines += "ponder_backend_call_duration_seconds_count{\(labels)} \(histogram.count)\n"
            return lines
        }
        return out
    }

    /// The gauge value of a breaker state: 0 closed, 1 open, 2 half-open.
    static func circuitStateValue(_ state: CircuitBreaker.State) -> Int {
        switch state {
        case .closed: return 0
        case .open: return 1
        case .halfOpen: return 2
        }
    }

    /// Label values escape backslash, double quote and newline (the exposition format's rules).
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
