import Foundation

/// The end-of-run report: accuracy, tokens, calls, latency and wall time over every requested
/// problem × seed the store holds (resumed rows included), as text or JSON.
public struct RunSummary: Sendable, Encodable {
    public var preset: String
    public var model: String
    public var store: String
    /// Problem × seed pairs asked for.
    public var requested: Int
    /// Of those, recorded in the store.
    public var recorded: Int
    public var correct: Int
    public var accuracy: Double?
    /// Accuracy per seed, in seed order (only seeds with results).
    public var accuracyBySeed: [SeedAccuracy]
    public var promptTokens: Int
    public var completionTokens: Int
    public var cachedPromptTokens: Int
    public var calls: Int
    public var meanLatencyMS: Double?
    public var medianLatencyMS: Double?
    /// Searches the budget cut short.
    public var cutShort: Int
    /// This session: recorded and failed problems, and its wall time.
    public var sessionRecorded: Int
    public var sessionFailed: Int
    public var wallSeconds: Double

    public struct SeedAccuracy: Sendable, Encodable {
        public var seed: Int
        public var recorded: Int
        public var accuracy: Double
    }

    public init(
        preset: String, model: String, store: String, requested: Int, results: [StoredResult], sessionRecorded: Int,
        sessionFailed: Int, wallSeconds: Double
    ) {
        self.preset = preset
        self.model = model
        self.store = store
        self.requested = requested
        recorded = results.count
        correct = results.filter(\.correct).count
        accuracy = results.isEmpty ? nil : Double(correct) / Double(results.count)
        accuracyBySeed = Dictionary(grouping: results, by: \.seed).keys.sorted().map { seed in
            let rows = results.filter { $0.seed == seed }
            return SeedAccuracy(seed: seed, recorded: rows.count, accuracy: Double(rows.filter(\.correct).count) / Double(rows.count))
        }
        promptTokens = results.map(\.usage.promptTokens).reduce(0, +)
        completionTokens = results.map(\.usage.completionTokens).reduce(0, +)
        cachedPromptTokens = results.map(\.usage.cachedPromptTokens).reduce(0, +)
        calls = results.map(\.usage.calls).reduce(0, +)
        let latencies = results.map(\.latencyMS).sorted()
        meanLatencyMS = latencies.isEmpty ? nil : latencies.reduce(0, +) / Double(latencies.count)
        medianLatencyMS = latencies.isEmpty
            ? nil : latencies.count % 2 == 1
                ? latencies[latencies.count / 2] : (latencies[latencies.count / 2 - 1] + latencies[latencies.count / 2]) / 2
        cutShort = results.filter { $0.cutShort != nil }.count
        self.sessionRecorded = sessionRecorded
        self.sessionFailed = sessionFailed
        self.wallSeconds = wallSeconds
    }

    public var text: String {
        let perProblem = { (total: Int) in recorded > 0 ? ProgressLine.decimal(Double(total) / Double(recorded)) : "–" }
        var lines = ["Run: \(preset) on \(model) → \(store)"]
        lines.append("  results    \(recorded) of \(requested) problem × seed (\(sessionRecorded) this session)")
        if let accuracy {
            var line = "  accuracy   \(ProgressLine.percent(accuracy)) (\(correct) of \(recorded))"
            if accuracyBySeed.count > 1 {
                line += "; by seed: " + accuracyBySeed.map { "\($0.seed): \(ProgressLine.percent($0.accuracy))" }.joined(separator: ", ")
            }
            lines.append(line)
        }
        lines.append(
            "  tokens     \(perProblem(promptTokens + completionTokens)) per problem (prompt \(perProblem(promptTokens)), "
                + "completion \(perProblem(completionTokens)), cached \(perProblem(cachedPromptTokens))); "
                + "\(promptTokens + completionTokens) in all")
        lines.append("  calls      \(perProblem(calls)) per problem; \(calls) in all")
        if let meanLatencyMS, let medianLatencyMS {
            lines.append("  latency    mean \(Self.duration(meanLatencyMS)), median \(Self.duration(medianLatencyMS)) per search")
        }
        if cutShort > 0 { lines.append("  cut short  \(cutShort) by the budget") }
        lines.append("  wall time  \(ProgressLine.decimal(wallSeconds)) s this session")
        if sessionFailed > 0 {
            lines.append("  failed     \(sessionFailed) not recorded; `ponder run --resume` retries them")
        } else if recorded < requested {
            lines.append("  missing    \(requested - recorded); `ponder run --resume` continues")
        }
        return lines.joined(separator: "\n")
    }

    static func duration(_ milliseconds: Double) -> String {
        milliseconds < 1000 ? "\(Int(milliseconds.rounded())) ms" : "\(ProgressLine.decimal(milliseconds / 1000)) s"
    }

    enum CodingKeys: String, CodingKey {
        case preset, model, store, requested, recorded, correct, accuracy, calls
        case accuracyBySeed = "accuracy_by_seed"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cachedPromptTokens = "cached_prompt_tokens"
        case meanLatencyMS = "mean_latency_ms"
        case medianLatencyMS = "median_latency_ms"
        case cutShort = "cut_short"
        case sessionRecorded = "session_recorded"
        case sessionFailed = "session_failed"
        case wallSeconds = "wall_seconds"
    }
}
