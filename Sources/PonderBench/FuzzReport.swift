/// What a fuzz run found: throughput, what was accepted and refused, and the cases that broke the
/// contract (see `FuzzRun`).
public struct FuzzReport: Sendable, Encodable {
    public var seed: UInt64
    public var cases: Int
    public var seconds: Double
    public var casesPerSecond: Double
    public var accepted: Int
    /// Refusals by HTTP status.
    public var rejected: [Int: Int]
    /// Cases by mutation kind.
    public var kinds: [String: Int]
    public var failureCount: Int
    /// The first failures (at most `FuzzRun.keptFailures`).
    public var failures: [Failure]
    public var slowestCaseMilliseconds: Double

    /// A case that broke the contract, kept to be replayed.
    public struct Failure: Sendable, Encodable {
        public var index: Int
        public var kind: String
        public var problem: String
        /// The header fields, values cut at 40 characters.
        public var headers: String
        /// The start of the body, for reading.
        public var bodyPrefix: String
    }

    /// The report for people.
    public var text: String {
        var lines = [
            "cases        \(cases) (seed \(seed)) in \(format(seconds)) s: \(Int(casesPerSecond.rounded())) cases/s, "
                + "slowest \(format(slowestCaseMilliseconds)) ms",
            "accepted     \(accepted)",
            "rejected     " + rejected.keys.sorted().map { "\($0): \(rejected[$0] ?? 0)" }.joined(separator: ", "),
            "kinds        " + kinds.keys.sorted().map { "\($0) \(kinds[$0] ?? 0)" }.joined(separator: ", "),
            "failures     \(failureCount)",
        ]
        for failure in failures {
            lines.append("  #\(failure.index) \(failure.kind): \(failure.problem) — \(failure.headers) — \(failure.bodyPrefix.debugDescription)")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        ProxyReport.fixed(value, digits: 1)
    }
}
