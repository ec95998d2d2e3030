import Foundation
import PonderEval
import Testing

@Suite struct CSVRendererTests {
    @Test func fieldsWithCommasQuotesOrLineBreaksAreQuoted() {
        let table = CSVTable(name: "t", header: ["name", "value"], rows: [["a,b", "say \"hi\""], ["line\nbreak", "plain"], ["", "x"]])
        #expect(table.text == "name,value\n\"a,b\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n,x\n")
    }

    @Test func tablesFollowTheReport() {
        let tables = CSVRenderer().tables(ReportFixtures.binary())
        #expect(tables.map(\.fileName) == ["strategies.csv", "pairs.csv", "rankings.csv", "profiles.csv", "frontier.csv", "at_tokens.csv", "samples.csv", "sequential.csv"])
        let strategies = tables[0]
        #expect(strategies.rows.map { $0[0] } == ["best-of-4", "beam-prm", "mcts-q"])
        #expect(strategies.header.contains("optimality_gap_low") && strategies.header.contains("wilson95_high"))
        #expect(strategies.rows[0][strategies.header.firstIndex(of: "mean")!] == "0.742")
        #expect(tables[2].rows.count == 9)  // mean, Borda and Kemeny for three strategies
        #expect(tables[3].rows.count == 15)  // five thresholds for three strategies
        #expect(tables[5].rows[0] == ["1000.0", "", ""])  // no strategy within 1000 tokens: empty fields
    }

    @Test func optionalTablesAreLeftOutWhenAbsent() {
        let names = CSVRenderer().tables(ReportFixtures.realValued()).map(\.name)
        #expect(names == ["strategies", "pairs", "rankings", "profiles", "frontier"])
        let pairs = CSVRenderer().tables(ReportFixtures.realValued())[1]
        #expect(pairs.rows[0][pairs.header.firstIndex(of: "mcnemar_p")!] == "")
    }

    @Test func hostileNamesRoundTripThroughQuoting() {
        let name = ReportFixtures.hostileName
        let strategies = CSVRenderer().tables(ReportFixtures.binary(names: [name, "b", "c"]))[0]
        let line = strategies.text.split(separator: "\n")[1]
        #expect(line.hasPrefix("\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\","))
    }

    @Test func writesOneFilePerTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-csv-\(UInt64.random(in: 0...UInt64.max))/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let written = try CSVRenderer().write(ReportFixtures.binary(), toDirectory: directory.path)
        #expect(written.count == 8)
        let text = try String(contentsOf: directory.appendingPathComponent("pairs.csv"), encoding: .utf8)
        #expect(text.hasPrefix("a,b,count,mean_diff,"))
    }
}
