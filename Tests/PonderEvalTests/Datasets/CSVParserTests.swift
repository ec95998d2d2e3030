import PonderEval
import Testing

@Suite struct CSVParserTests {
    @Test func plainFieldsAndBothLineEndings() throws {
        let records = try CSVParser.records(in: "a,b,c\r\n1,2,3\n4,,6")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func quotedFieldsHoldCommasNewlinesAndDoubledQuotes() throws {
        let text = "id,text\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n"
        let records = try CSVParser.records(in: text)
        #expect(records.map(\.fields) == [["id", "text"], ["1", "a, b"], ["2", "line one\nline two"], ["3", "say \"hi\""], ["4", ""]])
        // The record after a two-line field starts on line 5.
        #expect(records.map(\.line) == [1, 2, 3, 5, 6])
    }

    @Test func blankLinesAndByteOrderMarkAreSkipped() throws {
        let records = try CSVParser.records(in: "\u{FEFF}x,y\n\n1,2\n\n")
        #expect(records.map(\.fields) == [["x", "y"], ["1", "2"]])
        #expect(records[1].line == 3)
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        let records = try CSVParser.records(in: "5\" pipe,x")
        #expect(records[0].fields == ["5\" pipe", "x"])
    }

    @Test func trailingCommaMakesAnEmptyLastField() throws {
        #expect(try CSVParser.records(in: "a,b,\n")[0].fields == ["a", "b", ""])
    }

    @Test func unclosedQuoteNamesTheLineItOpened() {
        #expect(throws: CSVParser.SyntaxError(line: 2, message: "a quoted field is never closed")) {
            try CSVParser.records(in: "a,b\n1,\"open\nstill open")
        }
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect(throws: CSVParser.SyntaxError.self) { try CSVParser.records(in: "\"a\"b,c") }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() throws {
        #expect(CSVWriter.record(["plain", "a,b", "say \"hi\"", "two\nlines", ""]) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n")
        let fields = ["x, y", "\"q\"", "multi\r\nline", " padded "]
        #expect(try CSVParser.records(in: CSVWriter.record(fields))[0].fields == fields)
    }
}
