import Foundation
import PonderEval
import Testing

@Suite struct ResultRowTests {
    private func decode(_ json: String) throws -> ResultRow {
        try JSONDecoder().decode(ResultRow.self, from: Data(json.utf8))
    }

    @Test func numericAndStringRunLabelsPairTogether() throws {
        let a = try decode(#"{"strategy":"a","problem_id":7,"run":2,"score":1}"#)
        let b = try decode(#"{"strategy":"b","problem_id":"7","run":"2","score":0.5,"task":null}"#)
        #expect(a.pairingKey == b.pairingKey)
        #expect(a.problemID == "7" && b.score == 0.5)
    }

    @Test func optionalFieldsRoundTrip() throws {
        let row = ResultRow(strategy: "beam", problemID: "p1", task: "math", run: "0", score: 1, tokens: 812, latencyMS: 35.5, answer: "42")
        let again = try JSONDecoder().decode(ResultRow.self, from: JSONEncoder().encode(row))
        #expect(again == row)
        let text = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
        #expect(text.contains("\"problem_id\"") && text.contains("\"latency_ms\""))
    }

    @Test func missingScoreOrProblemIsAnError() {
        #expect(throws: DecodingError.self) { try decode(#"{"strategy":"a","problem_id":"1"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"strategy":"a","score":1}"#) }
    }
}
