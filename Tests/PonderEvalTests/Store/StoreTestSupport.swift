import Foundation
import PonderCore
import PonderEval

/// Temporary run stores and made-up results for the store tests.
enum StoreTestSupport {
    /// One folder for every store this test process makes, removed when the process exits.
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-store-tests-\(getpid())")
    private static let removeRootAtExit: Void = { atexit { try? FileManager.default.removeItem(at: StoreTestSupport.root) } }()

    /// A path in a fresh temporary folder (the store adds its -wal and -shm files next to it).
    static func temporaryStorePath() throws -> String {
        _ = removeRootAtExit
        let folder = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("run.sqlite").path
    }

    static func metadata(preset: String = "best-of-4", model: String = "sim-reasoner", seeds: Int = 2) -> RunMetadata {
        RunMetadata(
            preset: preset, presetDefinition: #"{"kind":"best-of-n","parameters":{"n":4}}"#, model: model,
            endpoints: "[]", grader: "math", budget: Budget(maxTotalTokens: 5000), seeds: seeds, dataset: "problems.jsonl")
    }

    static let session = RunSession(endpoints: "[]", concurrency: 4, seeds: 2, limit: nil)

    static func result(_ id: String, seed: Int, correct: Bool, position: Int = 0) -> StoredResult {
        StoredResult(
            problemID: id, seed: seed, position: position, engineSeed: EngineSeed.derive(problemID: id, seed: seed),
            task: "arith", difficulty: "3", question: "What is \(id)?", reference: "42", referenceCanonical: "42",
            answer: correct ? "42" : "41", answerCanonical: correct ? "42" : "41", correct: correct,
            text: "Step 1: … The answer is \\boxed{\(correct ? 42 : 41)}.",
            usage: Usage(promptTokens: 100, completionTokens: 50, cachedPromptTokens: 64, calls: 2),
            generationEquivalents: 1.5, latencyMS: 12.5, cutShort: correct ? nil : .tokens,
            candidates: [
                StoredCandidate(text: "a", answer: correct ? "42" : "41", answerCanonical: correct ? "42" : "41", score: 0.9, stepScores: [0.8, 0.9], correct: correct),
                StoredCandidate(text: "b", answer: nil, answerCanonical: nil, score: nil, isComplete: false, correct: false),
                StoredCandidate(text: "c", answer: "42", answerCanonical: "42", score: 0.2, votes: 2, correct: true),
            ],
            trace: SearchTrace(nodes: [], chosen: nil),
            finishedAt: Date(timeIntervalSince1970: 1_700_000_000.25))
    }
}
