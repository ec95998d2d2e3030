/// The configuration file a benchmark gives `ponder serve`: the sims as replicas of one endpoint, calls in
/// flight per replica, the largest `n` per request, admission, and route aliases.
///
/// `maxN: 1` makes Ponder send each sample of a request as a call of its own, side by side (as it does
/// for llama.cpp, whose slots take one choice each); without it the samples go in one call with `n`.
///
/// The daemon's model ids name presets (`PRESET/MODEL`) but not their budget variants (`PRESET@N`, which
/// runs and calibrations take); a route alias may name a variant, so each `PRESET@N/MODEL` the benchmark
/// sends is an alias of `PRESET@N`.
struct PonderServeConfig: Sendable, Equatable {
    var model: String
    /// Base URLs (`http://HOST:PORT/v1`), one per replica.
    var replicas: [String]
    /// Calls in flight per replica before more wait in Ponder's own queue.
    var maxConcurrencyPerReplica: Int
    var maxN: Int?
    var maxConcurrentSearches: Int
    var queue: Int
    /// Presets with a budget (`self-consistency@5`) to serve as `PRESET@N/MODEL`.
    var budgetVariants: [String] = []

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
        var variants: [String] = []
        for variant in budgetVariants where variant.contains("@") && !variants.contains(variant) { variants.append(variant) }
        if !variants.isEmpty {
            lines.append("  routes:")
            lines += variants.map { "    \"\($0)/\(model)\": \"\($0)\"" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
