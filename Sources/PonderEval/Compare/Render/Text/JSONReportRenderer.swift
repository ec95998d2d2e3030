import class FoundationEssentials.JSONEncoder

/// The `--json` output: the `ComparisonReport` encoding with sorted keys, pretty-printed, so the same
/// report always gives the same bytes and diffs stay small.
public struct JSONReportRenderer: Sendable {
    public init() {}

    /// Throws when a figure is not finite (JSON has no NaN), which means a bug upstream.
    public func render(_ report: ComparisonReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
