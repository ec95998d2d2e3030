import Foundation
import PonderCore

/// `ponder grade`: grades `{"gold", "prediction"}` JSONL rows offline with the same graders a run uses,
/// and gives one `{"equivalent", "gold_canonical", "prediction_canonical"}` object per row (with the
/// row's `id` when it has one).
///
/// Optional input fields: `id`, `question`, and `tests` (for the code grader). With `extract`, the
/// prediction is a whole solution and its final answer is extracted first (`\boxed{}`, "the answer
/// is", else the last number), as a run does.
public struct PairGrading: Sendable {
    public var grader: GraderSpec
    public var extract: Bool

    public init(grader: GraderSpec = .math, extract: Bool = false) {
        self.grader = grader
        self.extract = extract
    }

    public struct Verdict: Sendable, Encodable, Equatable {
        public var id: String?
        public var equivalent: Bool
        public var goldCanonical: String?
        public var predictionCanonical: String?

        enum CodingKeys: String, CodingKey {
            case id, equivalent
            case goldCanonical = "gold_canonical"
            case predictionCanonical = "prediction_canonical"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encode(equivalent, forKey: .equivalent)
            // Always present, null when there is no canonical form: a stable shape for scripts.
            try container.encode(goldCanonical, forKey: .goldCanonical)
            try container.encode(predictionCanonical, forKey: .predictionCanonical)
        }
    }

    /// Grades every line of `text`; a bad line is an error naming its line and field.
    public func grade(jsonl text: String) async throws -> [Verdict] {
        var verdicts: [Verdict] = []
        let grader = self.grader.makeGrader()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let number = index + 1
            guard case .object(let fields)? = try? JSONValue.parse(line) else {
                throw BadRow(line: number, field: nil, message: "expected a JSON object")
            }
            func text(_ name: String, required: Bool) throws -> String? {
                switch fields[name] {
                case nil, .null?:
                    if required { throw BadRow(line: number, field: name, message: "missing") }
                    return nil
                case let value?:
                    guard let text = value.scalarText else {
                        throw BadRow(line: number, field: name, message: "expected a string or a number, got \(value.kindName)")
                    }
                    return text
                }
            }
            let gold = try text("gold", required: true)
            let prediction = try text("prediction", required: !fields.keys.contains("prediction"))
            let tests = try text("tests", required: false)
            if self.grader == .code, tests == nil { throw BadRow(line: number, field: "tests", message: "missing (the code grader runs them)") }
            let answer = extract ? prediction.flatMap { AnswerExtractor.extract(from: $0)?.text } : prediction
            let reference = GradingReference(
                problemID: try text("id", required: false) ?? "", question: try text("question", required: false) ?? "",
                answer: gold, tests: tests)
            let grade = try await grader.grade(GradedResponse(text: prediction ?? "", answer: answer), against: reference)
            verdicts.append(Verdict(
                id: try text("id", required: false), equivalent: grade.correct, goldCanonical: grade.referenceCanonical,
                predictionCanonical: grade.answerCanonical))
        }
        return verdicts
    }

    public static func jsonLine(_ verdict: Verdict) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(verdict), as: UTF8.self)
    }
}
