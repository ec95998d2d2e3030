/// The configuration file a benchmark gives `ponder serve`: the sims as replicas of one endpoint, calls in
/// flight per replica, the largest `n` per request, and admission. Budget variants (`PRESET@N/MODEL`)
/// need no aliases: the daemon takes them as model ids.
///
/// `maxN: 1` makes Ponder send each sample of a request as a call of its own, side by side (as it does
/// for llama.cpp, whose slots take one choice each); without it the samples go in one call with `n`.
struct PonderServeConfig: Sendable, Equatable {
    var model: String
    /// Base URLs (`http://HOST:PORT/v1`), one per replica.
    var replicas: [String]
    /// Calls in flight per replica before more wait in Ponder's own queue.
    var maxConcurrencyPerReplica: Int
    var maxN: Int?
    var maxConcurrentSearches: Int
    var queue: Int

    /// The YAML text (every role on the one endpoint: the sim serves the PRM and Q-value routes too).
    var yaml: String {
        var lines = [
            "endpoints:",
            "  - name: sim",
            "    model: \(model)",
            "    replicas:",
        ]
        lines += replicas.map { "      - \($0)" }
        lines.append("    max_concurrency: \(maxConcurrencyPerReplica)")
        if let maxN {
            lines += ["    capabilities:", "      max_n: \(maxN)"]
        }
        lines += [
            "server:",
            "  admission:",
            "    max_concurrent_searches: \(maxConcurrentSearches)",
            "    queue: \(queue)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
