import Foundation
import PonderEval
import Testing

@Suite struct InterchangeReaderTests {
    private func read(_ text: String) throws -> [ResultRow] {
        try InterchangeReader.rows(from: Data(text.utf8), file: "results.jsonl")
    }

    @Test func readsRowsAndSkipsBlankLines() throws {
        let rows = try read("""
            {"strategy":"a","problem_id":"p1","score":1,"tokens":120}

            {"strategy":"b","problem_id":2,"run":0,"score":0.5}\r
               \t
            """)
        #expect(rows.count == 2)
        #expect(rows[0].tokens == 120 && rows[1].problemID == "2" && rows[1].run == "0")
    }

    @Test func toleratesAByteOrderMark() throws {
        #expect(try read("\u{FEFF}{\"strategy\":\"a\",\"problem_id\":\"p\",\"score\":1}\n").count == 1)
    }

    @Test func badRowsNameTheFileLineAndField() {
        let text = """
            {"strategy":"a","problem_id":"p1","score":1}

            {"strategy":"a","problem_id":"p2"}
            """
        #expect(throws: InterchangeError(file: "results.jsonl", line: 3, reason: "missing \"score\"")) { try read(text) }
        #expect(throws: InterchangeError(file: "results.jsonl", line: 1, reason: "\"score\" is not a number")) {
            try read(#"{"strategy":"a","problem_id":"p1","score":"high"}"#)
        }
        #expect(throws: InterchangeError(file: "results.jsonl", line: 1, reason: "\"strategy\" is not a string")) {
            try read(#"{"strategy":5,"problem_id":"p1","score":1}"#)
        }
    }

    @Test func invalidJSONIsReportedWithItsLine() {
        do {
            _ = try read("{\"strategy\":\"a\",\"problem_id\":\"p1\",\"score\":1}\n{\"strategy\": \n")
            Issue.record("expected an error")
        } catch let error as InterchangeError {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("results.jsonl:2: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aMissingFileIsNamed() {
        do {
            _ = try InterchangeReader.rows(atPath: "/nonexistent/ponder/results.jsonl")
            Issue.record("expected an error")
        } catch let error as InterchangeError {
            #expect(error.line == nil)
            #expect(error.description.hasPrefix("/nonexistent/ponder/results.jsonl: cannot read the file"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
