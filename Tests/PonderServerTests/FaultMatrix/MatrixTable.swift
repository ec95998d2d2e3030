/// The fault matrix as a Markdown table: a row per fault, a column per strategy (whole answers, then
/// streamed ones), each cell `successes/requests, p99 ms`.
enum MatrixTable {
    static func render(_ cells: [MatrixCell], columns: [MatrixColumn]) -> String {
        let rows: [String] = ["fault-free"] + MatrixFault.allCases.map(\.rawValue)
        var lines = ["| fault | " + columns.map(\.title).joined(separator: " | ") + " |"]
        lines.append("|---|" + columns.map { _ in "---|" }.joined())
        for row in rows {
            let inRow = cells.filter { ($0.fault?.rawValue ?? "fault-free") == row }
            guard !inRow.isEmpty else { continue }
            let entries = columns.map { column -> String in
                guard let cell = inRow.first(where: { $0.column == column }) else { return "–" }
                let p99 = Int(cell.p99Milliseconds.rounded())
                let same = cell.mismatches.isEmpty ? "" : ", \(cell.mismatches.count) differ"
                return "\(cell.successes)/\(cell.requests), p99 \(p99) ms\(same)"
            }
            lines.append("| \(row) | " + entries.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
