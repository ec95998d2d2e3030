import PonderEval
import Testing

@Suite struct GraderTests {
    private func grade(_ spec: GraderSpec, answer: String?, reference: String, text: String = "") async throws -> Grade {
        try await spec.makeGrader().grade(GradedResponse(text: text, answer: answer), against: GradingReference(answer: reference))
    }

    @Test func specsParseAndPrintBack() throws {
        for text in ["math", "exact", "regex", "code", "numeric:0.01", "command:python3 check.py --strict"] {
            #expect(try GraderSpec(parsing: text).description == text)
        }
        #expect(try GraderSpec(parsing: "numeric") == .numeric(tolerance: 1e-6))
        #expect(try GraderSpec(parsing: "command:a:b") == .command("a:b"))
        for bad in ["fuzzy", "numeric:-1", "numeric:x", "command:", "math:1"] {
            #expect(throws: GraderSpec.ParseError.self) { try GraderSpec(parsing: bad) }
        }
    }

    @Test func mathUsesTheEngineEquivalence() async throws {
        #expect(try await grade(.math, answer: "0.5", reference: "\\frac{1}{2}").correct)
        #expect(try await grade(.math, answer: "x = 3", reference: "3").correct)
        #expect(try await grade(.math, answer: "2, 1", reference: "\\{1, 2\\}").correct)
        #expect(try await !grade(.math, answer: "0.333", reference: "\\frac{1}{3}").correct)
        #expect(try await !grade(.math, answer: nil, reference: "3").correct)
        let grade = try await grade(.math, answer: "\\dfrac{2}{4}", reference: "0.5")
        #expect(grade.answerCanonical == grade.referenceCanonical && grade.score == 1)
    }

    @Test func exactTrimsButNothingMore() async throws {
        #expect(try await grade(.exact, answer: " Paris\n", reference: "Paris").correct)
        #expect(try await !grade(.exact, answer: "paris", reference: "Paris").correct)
        #expect(try await !grade(.exact, answer: "0.5", reference: "1/2").correct)
    }

    @Test func numericHonoursTheTolerance() async throws {
        let loose = GraderSpec.numeric(tolerance: 0.01)
        #expect(try await grade(loose, answer: "3.14159", reference: "3.14").correct)
        #expect(try await !grade(loose, answer: "3.2", reference: "3.14").correct)
        // Relative above 1: 1% of 10,000 is 100.
        #expect(try await grade(loose, answer: "10,050", reference: "10000").correct)
        // Absolute below 1.
        #expect(try await grade(loose, answer: "0.005", reference: "0").correct)
        #expect(try await grade(.numeric(tolerance: 0), answer: "\\frac{3}{4}", reference: "0.75").correct)
        #expect(try await !grade(loose, answer: "about three", reference: "3").correct)
        #expect(try await grade(loose, answer: "2.5e3", reference: "2500").answerCanonical == "2500")
    }

    @Test func regexMustMatchTheWholeAnswer() async throws {
        #expect(try await grade(.regex, answer: "PARIS", reference: "(?i)paris").correct)
        #expect(try await !grade(.regex, answer: "Paris, France", reference: "(?i)paris").correct)
        #expect(try await grade(.regex, answer: "Paris, France", reference: "(?i)paris.*").correct)
        #expect(try await grade(.regex, answer: " 42.0 ", reference: #"-?0*42(\.0+)?"#).correct)
        await #expect(throws: GradingError.self) { try await grade(.regex, answer: "a", reference: "(") }
    }

    @Test func pairGradingPrintsCanonicalForms() async throws {
        let input = """
            {"gold": "\\\\frac{1}{2}", "prediction": "0.5", "id": "a"}
            {"gold": 3, "prediction": null}

            {"gold": "12", "prediction": "The answer is \\\\boxed{12}."}
            """
        let plain = try await PairGrading().grade(jsonl: input)
        #expect(plain.map(\.equivalent) == [true, false, false])
        #expect(plain[0].id == "a" && plain[0].goldCanonical == "1/2" && plain[0].predictionCanonical == "1/2")
        #expect(plain[1].predictionCanonical == nil && plain[1].goldCanonical == "3")
        let extracted = try await PairGrading(extract: true).grade(jsonl: input)
        #expect(extracted.map(\.equivalent) == [true, false, true])
        #expect(try PairGrading.jsonLine(plain[1]) == #"{"equivalent":false,"gold_canonical":"3","prediction_canonical":null}"#)
    }

    @Test func pairGradingNamesTheBadLine() async throws {
        await #expect(throws: BadRow(line: 2, field: "gold", message: "missing")) {
            try await PairGrading().grade(jsonl: "{\"gold\":\"1\",\"prediction\":\"1\"}\n{\"prediction\":\"1\"}")
        }
    }
}
