import PonderEval
import Testing

@Suite struct TerminalTableRendererTests {
    /// Cuts each data line of a rendered table at the column extents its rule line shows.
    private func cells(of rendered: String) -> (header: [String], rows: [[Substring]], ruleWidths: [Int]) {
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rule = Array(lines[2])
        var extents: [Range<Int>] = []
        var start: Int?
        for (index, character) in (rule + [" "]).enumerated() {
            if character == "─", start == nil { start = index }
            if character != "─", let begin = start {
                extents.append(begin..<index)
                start = nil
            }
        }
        func cut(_ line: String) -> [Substring] {
            let characters = Array(line) + Array(repeating: " ", count: max(0, rule.count - line.count))
            return extents.map { Substring(String(characters[$0])) }
        }
        let rows = lines.dropFirst(3).prefix { !$0.hasPrefix("  ") }.map(cut)
        return (cut(lines[1]).map { $0.trimmingSpaces }, rows, extents.map(\.count))
    }

    @Test func columnsAlignAndHoldTheTableCells() {
        let table = ReportTables(ReportFixtures.binary()).strategies
        let (header, rows, _) = cells(of: TerminalTableRenderer().render(table))
        #expect(header == table.columns.map(\.header))
        #expect(rows.count == table.rows.count)
        for (cut, expected) in zip(rows, table.rows) {
            for (index, column) in table.columns.enumerated() {
                #expect(cut[index].trimmingSpaces == expected[index])
                // Right-aligned cells end at the column's edge, left-aligned ones start at it.
                if column.alignment == .right { #expect(cut[index].last != " ") } else { #expect(cut[index].first != " ") }
            }
        }
    }

    @Test func strategiesTableShowsWilsonIntervalsForBinaryScores() {
        let text = TerminalTableRenderer().render(ReportFixtures.binary())
        #expect(text.contains("95% CI (Wilson)"))
        #expect(text.contains("[0.677, 0.800]"))  // 0.742 − 0.065, 0.742 + 0.058
        #expect(text.contains("1850") && text.contains("12900"))
        #expect(!text.contains(" runs "))  // one run each: no runs column
    }

    @Test func pairsTableShowsMcNemarAndProbabilityOfImprovement() {
        let table = ReportTables(ReportFixtures.binary()).pairs!
        #expect(table.columns.map(\.header) == ["A", "B", "n", "A − B", "95% CI", "only A", "only B", "McNemar p", "mid-p", "Holm p", "P(A>B)", "95% CI"])
        #expect(table.rows[0] == ["best-of-4", "beam-prm", "200", "-0.073", "[-0.110, -0.030]", "9", "24", "0.014", "0.010", "<0.001", "0.460", "[0.430, 0.490]"])
        #expect(table.rows.count == 3)
    }

    @Test func everyOptionalTableAppearsWhenPresent() {
        let text = TerminalTableRenderer().render(ReportFixtures.binary())
        for title in ["Strategies", "Paired comparisons", "Rankings", "Compute frontier", "Best score within a token budget", "pass@k and maj@k", "AdaStop"] {
            #expect(text.contains("\n\(title)\n") || text.hasPrefix(title + "\n"), "missing \(title)")
        }
        let budgets = ReportTables(ReportFixtures.binary()).budgets!
        #expect(budgets.rows[0] == ["1000", "—", "—"])
        #expect(text.contains("intervals: 95% confidence, 10000 resamples, seed 7\nmethod: percentile bootstrap (stratified)"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func realValuedScoresDropBinaryOnlyColumnsAndAbsentTables() {
        let report = ReportFixtures.realValued()
        let text = TerminalTableRenderer().render(report)
        #expect(text.contains("95% CI (bootstrap)"))
        #expect(!text.contains("McNemar"))
        #expect(text.contains("12.50") && text.contains("[11.50, 13.50]"))
        #expect(text.contains("mean ms") && text.contains("1234"))
        #expect(!text.contains("Compute frontier") && !text.contains("pass@k") && !text.contains("AdaStop"))
        #expect(text.contains("Kemeny–Young: not computed"))
        let strategies = ReportTables(report).strategies
        #expect(strategies.columns.map(\.header).contains("runs"))
        #expect(strategies.rows[0][strategies.columns.firstIndex { $0.header == "mean tokens" }!] == "—")
    }

    @Test func controlCharactersInNamesCannotBreakTheLayout() {
        let text = TerminalTableRenderer().render(ReportFixtures.binary(names: ["plain", ReportFixtures.controlName, "other"]))
        #expect(!text.contains("\u{1B}") && !text.contains("\t"))
        #expect(text.contains("red\u{FFFD}[31m\u{FFFD}name\u{FFFD}next"))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
