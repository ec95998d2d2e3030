import Foundation
import PonderCore
import PonderEngine
import PonderEval
import PonderSim
import Testing

@Suite(.serialized) struct BatchRunTests {
    @Test func everyProblemAndSeedIsRecordedWithItsCandidates() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            let request = BatchRun.Request(dataset: RunTestSupport.dataset(count: 6), preset: "best-of-4", seeds: 2, concurrency: 3)
            let report = try await RunTestSupport.execute(request, engine: engine, store: store)
            #expect(report.outcome.completed && report.outcome.recorded == 12)
            let results = try await store.results()
            #expect(Set(results.map(\.key)).count == 12)
            #expect(results.allSatisfy { $0.candidates.count == 4 && $0.usage.calls > 0 && $0.usage.completionTokens > 0 })
            #expect(results.allSatisfy { $0.referenceCanonical == $0.reference && $0.grader == "math" })
            // The chosen answer is candidate 0, graded the same way.
            #expect(results.allSatisfy { $0.answer == $0.candidates[0].answer && $0.correct == $0.candidates[0].correct })
            #expect(report.summary.recorded == 12 && report.summary.requested == 12)
            #expect(report.summary.correct == results.filter(\.correct).count)
            #expect(report.summary.accuracyBySeed.map(\.seed) == [0, 1])
            let metadata = try #require(try store.metadata())
            #expect(metadata.preset == "best-of-4" && metadata.model == "sim-reasoner" && metadata.finishedAt != nil)
            #expect(metadata.presetDefinition.contains("\"kind\":\"best-of-n\""))
            #expect(metadata.endpoints.contains("127.0.0.1") && metadata.ponderVersion == PonderVersion.current)
        }
    }

    @Test func resumeSkipsFinishedRowsAndAddsNoDuplicates() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            let dataset = RunTestSupport.dataset(count: 8)
            var request = BatchRun.Request(dataset: dataset, preset: "single", seeds: 2, limit: 3, concurrency: 4)
            let first = try await RunTestSupport.execute(request, engine: engine, store: store)
            #expect(first.outcome.recorded == 6)
            request.limit = nil
            request.resume = true
            let second = try await RunTestSupport.execute(request, engine: engine, store: store)
            #expect(second.alreadyRecorded == 6 && second.outcome.recorded == 10)
            let third = try await RunTestSupport.execute(request, engine: engine, store: store)
            #expect(third.alreadyRecorded == 16 && third.outcome.recorded == 0 && third.summary.recorded == 16)
            #expect(try store.resultCount() == 16)
        }
    }

    @Test func theSameSeedsGiveTheSameRowsAtAnyConcurrency() async throws {
        try await RunTestSupport.withEngine { engine in
            let dataset = RunTestSupport.dataset(count: 6)
            var outputs: [[String]] = []
            for concurrency in [1, 6] {
                let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
                let request = BatchRun.Request(dataset: dataset, preset: "best-of-4", seeds: 2, concurrency: concurrency)
                _ = try await RunTestSupport.execute(request, engine: engine, store: store)
                outputs.append(RunTestSupport.comparable(try await store.results()))
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0].count == 12)
        }
    }

    @Test func resumingWithAnotherPresetIsAnError() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            var request = BatchRun.Request(dataset: RunTestSupport.dataset(count: 2), preset: "single", concurrency: 2)
            _ = try await RunTestSupport.execute(request, engine: engine, store: store)
            request.preset = "best-of-4"
            request.resume = true
            await #expect(throws: RunStoreError.self) { try await RunTestSupport.execute(request, engine: engine, store: store) }
            request.preset = "no-such-preset"
            await #expect(throws: RunSetupError.self) { try await RunTestSupport.execute(request, engine: engine, store: store) }
        }
    }

    @Test func aStopRequestStartsNothingNew() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            let stop = StopRequest()
            stop.request()
            let request = BatchRun.Request(dataset: RunTestSupport.dataset(count: 4), preset: "single", concurrency: 2)
            let report = try await RunTestSupport.execute(request, engine: engine, store: store, stop: stop)
            #expect(report.outcome.stoppedByRequest && report.outcome.recorded == 0 && report.outcome.notStarted == 4)
            #expect(!report.outcome.completed)
            #expect(try store.metadata()?.finishedAt == nil)
        }
    }

    @Test func chatMessagesRowsAreSentAsTheyAre() async throws {
        try await RunTestSupport.withEngine { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            var dataset = RunTestSupport.dataset(count: 2)
            dataset.rows[0].messages = [.system("Solve step by step."), .user(dataset.rows[0].question)]
            let report = try await RunTestSupport.execute(
                BatchRun.Request(dataset: dataset, preset: "single", concurrency: 2), engine: engine, store: store)
            #expect(report.outcome.completed && report.outcome.recorded == 2)
        }
    }
}

@Suite struct BatchRunPlanningTests {
    @Test func workIsSeedBySeedAndSkipsWhatIsDone() {
        let rows = RunTestSupport.dataset(count: 3).rows
        let done: Set<ProblemSeed> = [ProblemSeed(problemID: rows[1].id, seed: 0)]
        let plan = WorkItem.plan(rows: rows, seeds: 2, limit: 2, finished: done)
        #expect(plan.map { "\($0.position):\($0.seed)" } == ["0:0", "0:1", "1:1"])
    }

    @Test func engineSeedsAreStableAndDistinct() {
        #expect(EngineSeed.derive(problemID: "p1", seed: 0) == EngineSeed.derive(problemID: "p1", seed: 0))
        #expect(EngineSeed.derive(problemID: "p1", seed: 0) != EngineSeed.derive(problemID: "p1", seed: 1))
        #expect(EngineSeed.derive(problemID: "p1", seed: 0) != EngineSeed.derive(problemID: "p2", seed: 0))
        // Pinned: the derivation is part of what makes stored runs reproducible.
        #expect(EngineSeed.derive(problemID: "", seed: 0) == SeedMixer.mix(0xCBF2_9CE4_8422_2325, 0))
    }
}

@Suite struct BatchRunFailureTests {
    @Test func failedProblemsAreNotRecordedAndTooManyStopTheRun() async throws {
        // Every request gets HTTP 500: every search fails after its (quick) retries.
        try await RunTestSupport.withEngine(SimConfiguration(faultRate: 1, faults: [.serverError])) { engine in
            let store = try RunStore.open(at: try StoreTestSupport.temporaryStorePath())
            let request = BatchRun.Request(
                dataset: RunTestSupport.dataset(count: 5), preset: "single", concurrency: 1, maxFailures: 2)
            let report = try await RunTestSupport.execute(request, engine: engine, store: store)
            #expect(report.outcome.failures.count == 2 && report.outcome.stoppedByFailures)
            #expect(report.outcome.recorded == 0 && report.outcome.notStarted == 3)
            #expect(try store.resultCount() == 0)
            #expect(report.summary.text.contains("failed     2 not recorded"))
        }
    }
}
