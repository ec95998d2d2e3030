extension ReportTables {
    /// Each strategy's place in the three rankings, best by mean first.
    public var rankings: TextTable? {
        let rankings = report.rankings
        guard !rankings.mean.isEmpty else { return nil }
        let borda = Dictionary(rankings.borda.map { ($0.strategy, $0) }, uniquingKeysWith: { first, _ in first })
        let kemeny = rankings.kemeny.map { Dictionary($0.map { ($0.strategy, $0.rank) }, uniquingKeysWith: { first, _ in first }) }

        var columns: [TextTable.Column] = [.init("strategy", .left), .init("by mean"), .init("by Borda"), .init("avg. task rank")]
        if kemeny != nil { columns.append(.init("Kemeny")) }
        let rows = rankings.mean.sorted { $0.rank < $1.rank }.map { entry in
            var row = [
                entry.strategy, ReportNumber.rank(entry.rank),
                ReportNumber.rank(borda[entry.strategy]?.rank), ReportNumber.fixed(borda[entry.strategy]?.score, decimals: 2),
            ]
            if let kemeny { row.append(ReportNumber.rank(kemeny[entry.strategy])) }
            return row
        }
        var notes = ["Rank 1 is best; tied strategies share the average rank. Borda ranks by average rank across tasks."]
        if kemeny == nil { notes.append("Kemeny–Young: not computed for more than 8 strategies.") }
        return TextTable(id: "rankings", title: "Rankings", columns: columns, rows: rows, notes: notes)
    }
}
