import PonderCore

/// Runs work items with at most `concurrency` in flight and records each finished one in the store
/// as soon as it is graded, from this one place (the store's single writer).
///
/// A sliding window: a task group starts `concurrency` problems, and each time one finishes its result
/// is committed and the next problem starts. A ``StopRequest`` (SIGINT) stops the starting; problems in
/// flight finish and are recorded. A problem whose search or grading throws is reported and left
/// unrecorded (a later `--resume` retries it); after `maxFailures` of them the run stops starting new
/// ones, since something is likely broken for all.
public struct BatchRunner: Sendable {
    public var solver: ProblemSolver
    public var store: RunStore
    public var concurrency: Int
    public var maxFailures: Int

    public init(solver: ProblemSolver, store: RunStore, concurrency: Int, maxFailures: Int = 10) {
        self.solver = solver
        self.store = store
        self.concurrency = max(1, concurrency)
        self.maxFailures = max(1, maxFailures)
    }

    /// What one session did.
    public struct Outcome: Sendable {
        public var recorded: Int = 0
        public var failures: [Failure] = []
        /// Items never started (a stop request, or too many failures).
        public var notStarted: Int = 0
        public var stoppedByRequest = false
        public var stoppedByFailures = false

        public var completed: Bool { failures.isEmpty && notStarted == 0 }
    }

    public struct Failure: Sendable, Hashable {
        public var key: ProblemSeed
        public var message: String
    }

    /// What a child task hands back: a struct rather than a tuple, which
    /// Swift 6.3 miscompiles as a task-group child's result inside do/catch.
    struct Finished: Sendable {
        var key: ProblemSeed
        var result: StoredResult?
        var failure: String?
    }

    public func run(
        _ items: [WorkItem], session: Int64?, stop: StopRequest = StopRequest(), progress: ProgressReporter
    ) async throws -> Outcome {
        var outcome = Outcome()
        let solver = self.solver
        try await withThrowingTaskGroup(of: Finished.self) { group in
            var next = 0
            func startNext() -> Bool {
                guard next < items.count else { return false }
                if stop.isRequested {
                    outcome.stoppedByRequest = true
                    return false
                }
                guard outcome.failures.count < maxFailures else {
                    if !outcome.stoppedByFailures {
                        outcome.stoppedByFailures = true
                        progress.note("stopping: \(outcome.failures.count) problem(s) failed; finishing those in flight (--max-failures)")
                    }
                    return false
                }
                let item = items[next]
                next += 1
                group.addTask {
                    do {
                        return Finished(key: item.key, result: try await solver.solve(item), failure: nil)
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        return Finished(key: item.key, result: nil, failure: "\(error)")
                    }
                }
                return true
            }
            for _ in 0..<concurrency where startNext() {}
            while let finished = try await group.next() {
                if let result = finished.result {
                    if try await store.record(result, session: session) { outcome.recorded += 1 }
                    progress.record(result)
                } else {
                    let message = finished.failure ?? "unknown error"
                    outcome.failures.append(Failure(key: finished.key, message: message))
                    progress.fail(finished.key, message: message)
                }
                _ = startNext()
            }
            outcome.notStarted = items.count - next
        }
        return outcome
    }
}
