import NIOCore

/// First attempts begun outside `execute`, by a caller that runs several calls side by side from one
/// task (`EndpointClient`'s fan-out of single-choice calls), with the same routing, limits, health
/// bookkeeping and retries as `execute`.
///
/// `startAttempt` admits an attempt and takes a place under its replica's limit without waiting; the
/// caller then reports how it went: `succeeded`; `failed`, which either ends the call (throws) or says
/// how to continue it through `execute(after:)`; or `abandoned`, when the call ended for another reason.
extension EndpointPool {
    /// An attempt under way: where it went and what it holds there.
    public struct StartedAttempt: Sendable {
        let index: Int
        let admission: CircuitBreaker.Admission
        let started: NIODeadline
    }

    /// Attempts made outside `execute`, for it to go on from.
    public struct RetryState: Sendable {
        /// Attempts made so far.
        let attempts: Int
        /// The replicas they failed on.
        let tried: [Int]
        /// Seconds of backoff to wait before the next one.
        let wait: Double
    }

    /// Admits a first attempt and takes a place under its replica's limit, without waiting. Nil when no
    /// place is free right now, or no replica is up: the call then goes through `execute`, which waits
    /// in line or throws as it always does.
    func startAttempt(affinityKey: UInt64?) -> StartedAttempt? {
        guard let (index, admission) = try? admit(affinityKey: affinityKey, avoiding: []) else { return nil }
        guard limiters[index].tryAcquire() else {
            finish(index: index, admission: admission, failure: nil, cancelled: true)
            return nil
        }
        return StartedAttempt(index: index, admission: admission, started: .now())
    }

    /// The replica the attempt went to.
    func replica(of attempt: StartedAttempt) -> Replica {
        Replica(index: attempt.index, baseURL: configuration.replicas[attempt.index])
    }

    /// The attempt got its answer.
    func succeeded(_ attempt: StartedAttempt) {
        limiters[attempt.index].release()
        finish(index: attempt.index, admission: attempt.admission, failure: nil, seconds: Self.seconds(since: attempt.started))
    }

    /// The attempt ended unanswered because the call it belongs to is over (it was cancelled, or another
    /// part of its request failed): nothing is learned of the replica.
    func abandoned(_ attempt: StartedAttempt) {
        limiters[attempt.index].release()
        finish(index: attempt.index, admission: attempt.admission, failure: nil, cancelled: true)
    }

    /// The attempt failed: throws when that ends the call (cancelled, a fatal error, no retry allowed or
    /// no time for one), else returns where `execute(after:)` goes on from.
    func failed(_ attempt: StartedAttempt, with error: any Error, deadline: NIODeadline?) throws -> RetryState {
        limiters[attempt.index].release()
        var tried: [Int] = []
        let wait = try settle(
            error, index: attempt.index, admission: attempt.admission, seconds: Self.seconds(since: attempt.started),
            attemptNumber: 1, tried: &tried, deadline: deadline)
        return RetryState(attempts: 1, tried: tried, wait: wait)
    }
}
