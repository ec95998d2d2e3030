import PonderCore
import PonderEval
import Testing

@Suite struct DatasetReaderTests {
    @Test func jsonlWithEveryQuestionForm() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("good.jsonl"))
        #expect(dataset.badRows.isEmpty)
        #expect(dataset.rows.map(\.id) == ["q1", "2", "q3", "q4"])
        let (question, prompt, chat, regex) = (dataset.rows[0], dataset.rows[1], dataset.rows[2], dataset.rows[3])
        #expect(question.question == "What is 2 + 3?" && question.messages == nil)
        #expect(question.task == "arith" && question.difficulty == "1" && question.line == 1)
        #expect(prompt.question == "What is half of 1?" && prompt.answer == "0.5")
        #expect(chat.question == "What is 7 * 6?")
        #expect(chat.messages == [.system("Be brief."), .user("What is 7 * 6?")])
        #expect(regex.grader == .regex && regex.line == 5)
    }

    @Test func csvWithQuotedFieldsAndEmptyCells() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("good.csv"))
        #expect(dataset.badRows.isEmpty)
        #expect(dataset.rows.map(\.id) == ["c1", "c2", "c3"])
        #expect(dataset.rows[0].question == "What is 3, plus 4?" && dataset.rows[0].difficulty == "2")
        #expect(dataset.rows[1].question == "He said \"hi\".\nThen what is 10 - 1?")
        #expect(dataset.rows[1].task == nil && dataset.rows[1].difficulty == nil)
        #expect(dataset.rows[2].answer == "\\frac{1}{2}" && dataset.rows[2].line == 5)
    }

    @Test func csvMessagesColumnHoldsJSON() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("messages.csv"))
        #expect(dataset.rows.map(\.id) == ["m1"])
        #expect(dataset.rows[0].messages == [.user("What is 1+2?")])
        #expect(dataset.badRows.map(\.line) == [3, 4])
        #expect(dataset.badRows[0].field == "messages")
        #expect(dataset.badRows[1].field == nil && dataset.badRows[1].message.contains("header has 3"))
    }

    @Test func badRowsAreNamedByLineAndField() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("bad.jsonl"))
        #expect(dataset.rows.map(\.id) == ["a", "e"])
        let found = dataset.badRows.map { "\($0.line):\($0.field ?? "-")" }
        #expect(found == ["2:answer", "3:-", "4:messages", "5:id", "6:question"])
        #expect(dataset.badRows[3].message.contains("duplicate id 'a' (first on line 1)"))
    }

    @Test func badRowsStopTheRunUnlessSkipped() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("bad.jsonl"))
        do {
            _ = try dataset.checked(skipBadRows: false)
            Issue.record("bad rows should be an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("5 bad rows") && text.contains("--skip-bad-rows"))
            #expect(text.contains("bad.jsonl:2: field 'answer': missing"))
        }
        #expect(try dataset.checked(skipBadRows: true).rows.count == 2)
    }

    @Test func graderNeedsAreCheckedPerRow() throws {
        let text = """
            {"id":"n","question":"?","answer":"seven"}
            {"id":"r","question":"?","answer":"(unclosed","grader":"regex"}
            {"id":"c","question":"?","grader":"code"}
            {"id":"x","question":"?","answer":"1","grader":"command:rm -rf /"}
            {"id":"ok","question":"?","answer":"1.5e3"}
            """
        let dataset = try DatasetReader.parse(text, file: "t.jsonl", format: .jsonl, defaultGrader: .numeric(tolerance: 0.01))
        #expect(dataset.rows.map(\.id) == ["ok"])
        #expect(dataset.badRows.map(\.field) == ["answer", "answer", "tests", "grader"])
        #expect(dataset.badRows[3].message.contains("only --grader"))
    }

    @Test func malformedCSVIsOneErrorWithTheLine() {
        #expect(throws: DatasetError.self) {
            try DatasetReader.parse("id,question,answer\n1,\"never closed,2\n", file: "x.csv", format: .csv)
        }
    }

    @Test func formatFollowsTheExtensionThenTheContent() {
        #expect(DatasetReader.format(of: "a.CSV", text: "{") == .csv)
        #expect(DatasetReader.format(of: "a.ndjson", text: "") == .jsonl)
        #expect(DatasetReader.format(of: "problems", text: "  {\"id\":1}") == .jsonl)
        #expect(DatasetReader.format(of: "problems", text: "id,question") == .csv)
    }

    @Test func missingFileIsClear() {
        #expect(throws: DatasetError.self) { try DatasetReader.read(file: "/nonexistent/problems.jsonl") }
    }

    @Test func theExampleProblemSetReads() throws {
        let dataset = try DatasetReader.read(file: DatasetFixtures.path("../../../Examples/problems/sim-mixed-100.jsonl"))
        #expect(dataset.rows.count == 100 && dataset.badRows.isEmpty)
    }
}
