import Foundation

/// Writes result rows in the interchange format `ponder compare` reads: JSONL (one object per line) or
/// CSV with a header (`strategy,problem_id,task,run,score,tokens,latency_ms,answer`).
public enum ResultExport {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public static let csvColumns = ["strategy", "problem_id", "task", "run", "score", "tokens", "latency_ms", "answer"]

    public static func text(_ rows: [ResultRow], format: Format) throws -> String {
        switch format {
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        case .csv:
            return CSVWriter.record(csvColumns) + rows.map { row in
                CSVWriter.record([
                    row.strategy, row.problemID, row.task ?? "", row.run ?? "", number(row.score),
                    row.tokens.map(number) ?? "", row.latencyMS.map(number) ?? "", row.answer ?? "",
                ])
            }.joined()
        }
    }

    /// Whole numbers without `.0`; others as Swift prints them.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
