/// One pass/fail judgement of a soak run, with the numbers it was made on.
///
/// - `errors`: no request failed (non-2xx or transport error) in any window.
/// - `rss-plateau`: after the warm-up window, the peak daemon RSS of the last half of the windows is at
///   most `rssGrowthLimit` (0.10: 10%) above the peak of the first half.
/// - `latency-stable`: the p99 of the last window is at most `latencyRatioLimit` times the median of the
///   windows' p99s (warm-up excluded).
public struct SoakVerdict: Sendable, Encodable {
    public var name: String
    public var passed: Bool
    /// The numbers, in words.
    public var detail: String

    /// The limits the verdicts hold a run to.
    public struct Limits: Sendable, Encodable {
        public var warmUpWindows: Int
        public var rssGrowthLimit: Double
        public var latencyRatioLimit: Double

        public init(warmUpWindows: Int = 1, rssGrowthLimit: Double = 0.10, latencyRatioLimit: Double = 2.0) {
            self.warmUpWindows = warmUpWindows
            self.rssGrowthLimit = rssGrowthLimit
            self.latencyRatioLimit = latencyRatioLimit
        }

        enum CodingKeys: String, CodingKey {
            case warmUpWindows = "warm_up_windows", rssGrowthLimit = "rss_growth_limit", latencyRatioLimit = "latency_ratio_limit"
        }
    }

    enum CodingKeys: String, CodingKey { case name, passed, detail }

    /// The three verdicts on `windows`.
    public static func judge(_ windows: [SoakWindow], limits: Limits = Limits()) -> [SoakVerdict] {
        [errors(windows), rssPlateau(windows, limits: limits), latencyStable(windows, limits: limits)]
    }

    static func errors(_ windows: [SoakWindow]) -> SoakVerdict {
        let errors = windows.map(\.errors).reduce(0, +)
        let requests = windows.map(\.requests).reduce(0, +)
        var kinds: [String: Int] = [:]
        for window in windows { kinds.merge(window.errorsByKind, uniquingKeysWith: +) }
        let byKind = kinds.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return SoakVerdict(
            name: "errors", passed: errors == 0 && requests > 0,
            detail: requests == 0
                ? "no request finished"
                : "\(errors) errors in \(requests) requests" + (byKind.isEmpty ? "" : " (\(byKind))"))
    }

    static func rssPlateau(_ windows: [SoakWindow], limits: Limits) -> SoakVerdict {
        let measured = Array(windows.dropFirst(limits.warmUpWindows))
        guard measured.count >= 2 else {
            return SoakVerdict(
                name: "rss-plateau", passed: false,
                detail: "needs at least 2 windows after \(limits.warmUpWindows) warm-up window(s); there were \(measured.count)")
        }
        let half = measured.count / 2
        let first = measured[..<half].compactMap(\.daemonPeakRSSBytes).max()
        let last = measured[half...].compactMap(\.daemonPeakRSSBytes).max()
        guard let first, let last, first > 0 else {
            return SoakVerdict(name: "rss-plateau", passed: false, detail: "daemon RSS not read (no /proc?)")
        }
        let growth = Double(last) / Double(first) - 1
        return SoakVerdict(
            name: "rss-plateau", passed: growth <= limits.rssGrowthLimit,
            detail: "peak RSS \(mebibytes(first)) MiB in windows \(measured[0].index)–\(measured[half - 1].index), "
                + "\(mebibytes(last)) MiB in windows \(measured[half].index)–\(measured[measured.count - 1].index): "
                + "\(signedPercent(growth)) (limit +\(percent(limits.rssGrowthLimit)))")
    }

    static func latencyStable(_ windows: [SoakWindow], limits: Limits) -> SoakVerdict {
        let measured = windows.dropFirst(limits.warmUpWindows)
        let p99s = measured.compactMap(\.latencyP99Milliseconds).sorted()
        guard let lastWindow = measured.last, let last = lastWindow.latencyP99Milliseconds, !p99s.isEmpty else {
            return SoakVerdict(name: "latency-stable", passed: false, detail: "no answered request after the warm-up")
        }
        let median = p99s.count % 2 == 1 ? p99s[p99s.count / 2] : (p99s[p99s.count / 2 - 1] + p99s[p99s.count / 2]) / 2
        let ratio = median > 0 ? last / median : .infinity
        return SoakVerdict(
            name: "latency-stable", passed: ratio <= limits.latencyRatioLimit,
            detail: "last window p99 \(fixed(last, 1)) ms, median window p99 \(fixed(median, 1)) ms: "
                + "\(fixed(ratio, 2))× (limit \(fixed(limits.latencyRatioLimit, 2))×)")
    }

    static func mebibytes(_ bytes: UInt64) -> String { fixed(Double(bytes) / 1_048_576, 1) }

    static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }

    static func signedPercent(_ share: Double) -> String { (share >= 0 ? "+" : "") + percent(share) }

    /// `value` with `digits` decimals; an unbounded ratio reads "inf".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        value == .infinity ? "inf" : ProxyReport.fixed(value, digits: digits)
    }
}
