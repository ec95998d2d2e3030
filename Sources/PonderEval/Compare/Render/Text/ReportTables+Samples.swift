extension ReportTables {
    /// pass@k and maj@k, when runs stored several samples per problem.
    public var samples: TextTable? {
        guard !report.samples.isEmpty else { return nil }
        let position = Dictionary(report.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let metrics = report.samples.sorted {
            (position[$0.strategy] ?? .max, $0.strategy, $0.k) < (position[$1.strategy] ?? .max, $1.strategy, $1.k)
        }
        let rows = metrics.map { [$0.strategy, String($0.k), ReportNumber.fixed($0.passAtK, decimals: 3), ReportNumber.fixed($0.majAtK, decimals: 3)] }
        return TextTable(
            id: "samples", title: "pass@k and maj@k",
            columns: [.init("strategy", .left), .init("k"), .init("pass@k"), .init("maj@k")],
            rows: rows, notes: ["Unbiased estimates from every sample stored per problem."])
    }

    /// AdaStop's verdicts, when `--sequential` was asked for.
    public var sequential: TextTable? {
        guard let decision = report.sequential else { return nil }
        let rows = decision.decisions.map { [$0.a, $0.b, $0.verdict, $0.better ?? ReportNumber.missing] }
        return TextTable(
            id: "sequential", title: "AdaStop",
            columns: [.init("A", .left), .init("B", .left), .init("verdict", .left), .init("better", .left)],
            rows: rows,
            notes: ["Family-wise error α = \(ReportNumber.fixed(decision.alpha, decimals: 3)); \(decision.runsUsed) run(s) per strategy used."])
    }
}
