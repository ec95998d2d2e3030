import Foundation
import GRDB
import PonderCore

/// A ``StoredResult`` as the values of its `result`, `candidate` and `trace` rows, and back.
struct ResultColumns: Sendable {
    static let names = [
        "problem_id", "seed", "position", "engine_seed", "task", "difficulty", "question", "reference",
        "reference_canonical", "grader", "answer", "answer_canonical", "correct", "score", "grade_detail", "text",
        "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "uncounted_choices", "calls",
        "generation_equivalents", "latency_ms", "cut_short", "finished_at", "allocation",
    ]

    var values: [DatabaseValue]
    var candidates: [[DatabaseValue]]
    var trace: (chosen: Int?, nodes: String)?

    init(_ result: StoredResult) throws {
        let row: [(any DatabaseValueConvertible)?] = [
            result.problemID, result.seed, result.position, Int64(bitPattern: result.engineSeed), result.task,
            result.difficulty, result.question, result.reference, result.referenceCanonical, result.grader, result.answer,
            result.answerCanonical, result.correct, result.score, result.gradeDetail, result.text,
            result.usage.promptTokens, result.usage.completionTokens, result.usage.cachedPromptTokens,
            result.usage.uncountedChoices, result.usage.calls, result.generationEquivalents, result.latencyMS,
            result.cutShort?.rawValue, StoreCoding.text(result.finishedAt),
            try result.allocation.map { try StoreCoding.json($0) },
        ]
        values = row.map { $0?.databaseValue ?? .null }
        candidates = try result.candidates.map { candidate in
            let columns: [(any DatabaseValueConvertible)?] = [
                candidate.text, candidate.answer, candidate.answerCanonical, candidate.score,
                try StoreCoding.json(candidate.stepScores), candidate.votes, candidate.isComplete, candidate.correct,
                candidate.gradeScore,
            ]
            return columns.map { $0?.databaseValue ?? .null }
        }
        trace = try result.trace.map { (chosen: $0.chosen, nodes: try StoreCoding.json($0.nodes)) }
    }

    static func result(_ row: Row) -> StoredResult {
        let engineSeed: Int64 = row["engine_seed"]
        let cutShort: String? = row["cut_short"]
        return StoredResult(
            problemID: row["problem_id"], seed: row["seed"], position: row["position"],
            engineSeed: UInt64(bitPattern: engineSeed), task: row["task"], difficulty: row["difficulty"],
            question: row["question"], reference: row["reference"], referenceCanonical: row["reference_canonical"],
            grader: row["grader"], answer: row["answer"], answerCanonical: row["answer_canonical"], correct: row["correct"],
            score: row["score"], gradeDetail: row["grade_detail"], text: row["text"],
            usage: Usage(
                promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
                cachedPromptTokens: row["cached_prompt_tokens"], calls: row["calls"],
                uncountedChoices: row["uncounted_choices"]),
            generationEquivalents: row["generation_equivalents"], latencyMS: row["latency_ms"],
            cutShort: cutShort.flatMap(StopReason.init(rawValue:)),
            finishedAt: StoreCoding.date(row["finished_at"]) ?? Date(timeIntervalSince1970: 0),
            allocation: StoreCoding.decode(AllocationRecord.self, from: row["allocation"]))
    }

    static func candidate(_ row: Row) -> StoredCandidate {
        StoredCandidate(
            text: row["text"], answer: row["answer"], answerCanonical: row["answer_canonical"], score: row["score"],
            stepScores: StoreCoding.decode([Double].self, from: row["step_scores"]) ?? [], votes: row["votes"],
            isComplete: row["complete"], correct: row["correct"], gradeScore: row["grade_score"])
    }
}
