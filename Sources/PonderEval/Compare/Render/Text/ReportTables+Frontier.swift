extension ReportTables {
    /// Score against mean tokens, cheapest first, marking the Pareto frontier.
    public var frontier: TextTable? {
        let points = report.frontier.points.sorted { ($0.meanTokens, -$0.mean) < ($1.meanTokens, -$1.mean) }
        guard !points.isEmpty else { return nil }
        let rows = points.map { point in
            [point.strategy, ReportNumber.fixed(point.meanTokens, decimals: 0), score(point.mean), point.onFrontier ? "yes" : "no"]
        }
        var notes = ["On the frontier: no other strategy scores higher with fewer mean tokens."]
        let placed = Set(points.map(\.strategy))
        let unplaced = report.order.filter { !placed.contains($0) }
        if !unplaced.isEmpty { notes.append("Without token counts: " + unplaced.joined(separator: ", ") + ".") }
        return TextTable(
            id: "frontier", title: "Compute frontier",
            columns: [.init("strategy", .left), .init("mean tokens"), .init("mean"), .init("frontier", .left)],
            rows: rows, notes: notes)
    }

    /// The best score reachable within each `--at-tokens` budget.
    public var budgets: TextTable? {
        let readings = report.frontier.atTokens
        guard !readings.isEmpty else { return nil }
        let rows = readings.map { reading in
            [ReportNumber.fixed(reading.tokens, decimals: 0), reading.strategy ?? ReportNumber.missing, score(reading.mean)]
        }
        return TextTable(
            id: "budgets", title: "Best score within a token budget",
            columns: [.init("tokens"), .init("strategy", .left), .init("mean")],
            rows: rows,
            notes: readings.contains { $0.mean == nil } ? ["— : no strategy fits the budget (the frontier is never extrapolated)."] : [])
    }
}
