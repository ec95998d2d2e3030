import Foundation
import PonderCore
import PonderEval
import Testing

@Suite struct RunStoreTests {
    @Test func resultsRoundTripWithCandidates() async throws {
        let path = try StoreTestSupport.temporaryStorePath()
        let store = try RunStore.open(at: path)
        let session = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        let written = [
            StoreTestSupport.result("p1", seed: 0, correct: true, position: 0),
            StoreTestSupport.result("p2", seed: 0, correct: false, position: 1),
            StoreTestSupport.result("p1", seed: 1, correct: false, position: 0),
        ]
        for result in written { #expect(try await store.record(result, session: session)) }

        let again = try RunStore.openExisting(at: path)
        let read = try await again.results(withCandidates: true, withTraces: true)
        #expect(read.map(\.key) == [written[0].key, written[2].key, written[1].key])  // dataset order, then seed
        #expect(read.first { $0.key == written[1].key } == written[1])
        #expect(read[0].engineSeed == written[0].engineSeed)
        #expect(try again.metadata()?.preset == "best-of-4")
        #expect(try again.metadata()?.budget == Budget(maxTotalTokens: 5000))
    }

    @Test func aRowIsStoredOnceAndTheDuplicateIsANoOp() async throws {
        let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
        _ = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        #expect(try await store.record(StoreTestSupport.result("p1", seed: 0, correct: true)))
        #expect(try await !store.record(StoreTestSupport.result("p1", seed: 0, correct: false)))
        let results = try await store.results()
        #expect(results.count == 1 && results[0].correct && results[0].candidates.count == 3)
        #expect(try await store.finishedKeys() == [ProblemSeed(problemID: "p1", seed: 0)])
    }

    @Test func aSecondRunNeedsResumeAndTheSameSettings() async throws {
        let path = try StoreTestSupport.temporaryStorePath()
        let store = try RunStore.open(at: path)
        _ = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        await #expect(throws: RunStoreError.self) {
            try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        }
        do {
            _ = try await store.begin(StoreTestSupport.metadata(preset: "single", model: "other"), session: StoreTestSupport.session, resume: true)
            Issue.record("a different preset must not resume")
        } catch let error as RunStoreError {
            let text = "\(error)"
            #expect(text.contains("preset: the store has 'best-of-4', this run asks for 'single'"))
            #expect(text.contains("model: the store has 'sim-reasoner', this run asks for 'other'"))
        }
        // The same settings resume, and more seeds extend the run.
        _ = try await store.begin(StoreTestSupport.metadata(seeds: 5), session: StoreTestSupport.session, resume: true)
        #expect(try store.metadata()?.seeds == 5)
    }

    @Test func anEditedPresetIsCaughtOnResume() async throws {
        let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
        _ = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        var edited = StoreTestSupport.metadata()
        edited.presetDefinition = #"{"kind":"best-of-n","parameters":{"n":8}}"#
        await #expect(throws: RunStoreError.self) {
            try await store.begin(edited, session: StoreTestSupport.session, resume: true)
        }
    }

    @Test func comparisonInputHasRowsAndEveryCandidate() async throws {
        let path = try StoreTestSupport.temporaryStorePath()
        let store = try RunStore.open(at: path)
        _ = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        try await store.record(StoreTestSupport.result("p1", seed: 0, correct: true))
        try await store.record(StoreTestSupport.result("p1", seed: 1, correct: false))

        let input = try RunStore.comparisonInput(at: path)
        #expect(input.rows == [
            ResultRow(strategy: "best-of-4", problemID: "p1", task: "arith", run: "0", score: 1, tokens: 150, latencyMS: 12.5, answer: "42"),
            ResultRow(strategy: "best-of-4", problemID: "p1", task: "arith", run: "1", score: 0, tokens: 150, latencyMS: 12.5, answer: "41"),
        ])
        #expect(input.samples[0] == ProblemSamples(
            strategy: "best-of-4", problemID: "p1", task: "arith", run: "0", answers: ["42", nil, "42"], correct: [true, false, true]))
        #expect(input.samples[1].answers == ["41", nil, "42"] && input.samples[1].correct == [false, false, true])
    }

    @Test func exportWritesTheInterchangeFormat() async throws {
        let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
        _ = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        try await store.record(StoreTestSupport.result("p,1", seed: 0, correct: true))
        let rows = try store.resultRows()
        let jsonl = try ResultExport.text(rows, format: .jsonl)
        #expect(try JSONDecoder().decode(ResultRow.self, from: Data(jsonl.utf8)) == rows[0])
        let csv = try ResultExport.text(rows, format: .csv)
        #expect(csv == "strategy,problem_id,task,run,score,tokens,latency_ms,answer\r\nbest-of-4,\"p,1\",arith,0,1,150,12.5,42\r\n")
    }

    @Test func filesThatAreNotRunStoresAreRefused() async throws {
        let text = try StoreTestSupport.temporaryStorePath()
        try "just text, not a database, but long enough to have a header page............".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: RunStoreError.self) { try RunStore.open(at: text) }
        #expect(throws: RunStoreError.self) { try RunStore.openExisting(at: "/nonexistent/run.sqlite") }
        #expect(throws: RunStoreError.self) { try RunStore.comparisonInput(at: try StoreTestSupport.temporaryStorePath()) }
    }

    @Test func sessionsRecordHowTheyEnded() async throws {
        let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
        let first = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: false)
        try await store.finish(session: first, status: .interrupted, completedRun: false)
        #expect(try store.metadata()?.finishedAt == nil)
        let second = try await store.begin(StoreTestSupport.metadata(), session: StoreTestSupport.session, resume: true)
        try await store.finish(session: second, status: .finished, completedRun: true)
        #expect(try store.metadata()?.finishedAt != nil)
    }
}
