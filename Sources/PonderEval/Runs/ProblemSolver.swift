import Foundation
import PonderCore
import PonderEngine

/// Solves one dataset row with one seed through `Engine.solve` and grades the result: the unit of
/// work of a batch run, with no knowledge of the store or of concurrency.
public struct ProblemSolver: Sendable {
    public var engine: Engine
    public var preset: String
    public var budget: Budget
    /// The grader of rows without a `grader` field of their own.
    public var grader: GraderSpec
    /// With `auto`: the probes and plans of a per-batch budget, or the bins an oracle is told.
    public var allocation: BatchAllocationState?

    public init(
        engine: Engine, preset: String, budget: Budget = .unlimited, grader: GraderSpec = .math,
        allocation: BatchAllocationState? = nil
    ) {
        self.engine = engine
        self.preset = preset
        self.budget = budget
        self.grader = grader
        self.allocation = allocation
    }

    public func solve(_ item: WorkItem) async throws -> StoredResult {
        let row = item.row
        let engineSeed = EngineSeed.derive(problemID: row.id, seed: item.seed)
        let problem = try self.problem(for: row)
        let clock = ContinuousClock()
        let start = clock.now
        let solution = try await search(problem, item: item, seed: engineSeed)
        let elapsed = clock.now - start

        let spec = row.grader ?? grader
        let grading = CandidateGrading(grader: spec.makeGrader(), spec: spec)
        let reference = row.reference
        var grades = try await grading.grades(for: solution.candidates, reference: reference)
        if grades.isEmpty {
            // No candidate at all (a search cut short before any finished): grade the empty answer, so
            // the row says how the reference reads and that it was wrong.
            grades = [try await spec.makeGrader().grade(GradedResponse(text: solution.text, answer: nil), against: reference)]
        }
        let chosen = grades[0]
        let candidates = zip(solution.candidates, grades).map { candidate, grade in
            StoredCandidate(
                text: candidate.text, answer: candidate.answer, answerCanonical: grade.answerCanonical,
                score: candidate.score, stepScores: candidate.stepScores, votes: candidate.votes,
                isComplete: candidate.isComplete, correct: grade.correct, gradeScore: grade.score)
        }
        return StoredResult(
            problemID: row.id, seed: item.seed, position: item.position, engineSeed: engineSeed, task: row.task,
            difficulty: row.difficulty, question: row.question, reference: row.answer,
            referenceCanonical: chosen.referenceCanonical, grader: spec.description, answer: solution.answer,
            answerCanonical: chosen.answerCanonical, correct: chosen.correct, score: chosen.score,
            gradeDetail: chosen.detail, text: solution.text, usage: solution.usage,
            generationEquivalents: solution.generationEquivalents, latencyMS: Self.milliseconds(elapsed),
            cutShort: solution.cutShort, candidates: candidates, trace: solution.trace, allocation: solution.allocation)
    }

    /// The engine's search, drawing on the batch's token pool when the plan was made up front.
    func search(_ problem: Problem, item: WorkItem, seed: UInt64) async throws -> Solution {
        let knownBin = allocation?.knownBins[item.row.id]
        guard let allocation, var prepared = allocation.prepared[item.key], let pool = allocation.pool else {
            return try await engine.solve(problem: problem, preset: preset, budget: budget, seed: seed, knownBin: knownBin)
        }
        guard case .preset = prepared.plan else {
            return try await engine.solve(problem: problem, preset: preset, budget: budget, seed: seed, prepared: prepared)
        }
        let cap = pool.reserve(estimate: allocation.estimates[item.key] ?? 0)
        if cap == 0 { prepared.plan = .pilots(earlyExit: false) }
        var capped = budget
        capped.maxCompletionTokens = min(cap, budget.maxCompletionTokens ?? cap)
        capped.hardTokenLimit = true
        // A search that throws keeps its whole cap out of the pool: what it spent is unknown here.
        let solution = try await engine.solve(problem: problem, preset: preset, budget: capped, seed: seed, prepared: prepared)
        pool.settle(cap: cap, used: solution.usage.completionTokens - prepared.probe.usage.completionTokens)
        return solution
    }

    func problem(for row: DatasetRow) throws -> Problem {
        Problem(id: row.id, question: row.question, messages: try messages(for: row))
    }

    /// The row's own conversation, or its question presented with the preset's prompt template.
    func messages(for row: DatasetRow) throws -> [ChatMessage] {
        if let messages = row.messages { return messages }
        guard let preset = engine.presets.preset(named: preset) else {
            throw RunSetupError.unknownPreset(preset, known: engine.presets.presets.map(\.name))
        }
        return try engine.prompts.messages(prompt: preset.prompt, question: row.question)
    }

    /// Rounded to the microsecond: finer digits are noise.
    static func milliseconds(_ duration: Duration) -> Double {
        let exact = duration.inMilliseconds
        return (exact * 1000).rounded() / 1000
    }
}
