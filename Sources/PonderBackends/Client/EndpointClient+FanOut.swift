import PonderCore
import NIOCore
import Synchronization

extension EndpointClient {
    /// The splitter's way to make the parts of a split into single choices in one go (`postEach`) on
    /// `route`; nil when a replica of the endpoint is not carried by the lean client.
    func sendEach<Response: Decodable & Sendable>(
        _ type: Response.Type, route: PostRoute, affinityKey: UInt64?, deadline: NIODeadline?,
        body: @escaping @Sendable (UInt64?) -> [UInt8], convert: @escaping @Sendable (Response) -> Generation
    ) -> ChoiceSplitter.SendEach? {
        guard postTargets.areLean(route) else { return nil }
        return { seeds in
            try await self.postEach(type, route: route, seeds: seeds, affinityKey: affinityKey, deadline: deadline, body: body, convert: convert)
        }
    }

    /// One single-choice request per seed, made side by side from the calling task, their generations
    /// returned in order: as many calls as `inParallel` over `post` would make, with the same routing,
    /// limits, retries and errors, without a task per call.
    ///
    /// Each call's first attempt starts at once as a call of one `LeanBatch` (unless its replica has no
    /// place free now: then it goes through `post` in a task of its own, waiting in line). As calls
    /// finish, answers are decoded; a failed first attempt that may be retried continues through `post`
    /// in a task of its own, from where it stopped. A failure that ends a call (cancellation, an error the
    /// request itself is at fault for, retries spent), here or in one of those tasks, cancels the calls
    /// still under way, and no retry starts after it; it is thrown once every started call has been
    /// accounted for. Requests that would be byte for byte the same (no seed) share one body.
    func postEach<Response: Decodable & Sendable>(
        _ type: Response.Type, route: PostRoute, seeds: [UInt64?], affinityKey: UInt64?, deadline: NIODeadline?,
        body makeBody: (UInt64?) -> [UInt8], convert: @escaping @Sendable (Response) -> Generation
    ) async throws -> [Generation] {
        try Task.checkCancellation()
        let bodies = Self.bodies(for: seeds, makeBody)
        let results = ResultSlots<Generation>(count: seeds.count)
        let batch = LeanBatch(capacity: seeds.count)
        var attempts = [EndpointPool.StartedAttempt?](repeating: nil, count: seeds.count)
        var queued: [Int] = []
        for part in seeds.indices {
            guard let attempt = pool.startAttempt(affinityKey: affinityKey) else {
                queued.append(part)
                continue
            }
            attempts[part] = attempt
            pool.transport.startJSON(
                to: postTargets[route, replica: attempt.index], body: bodies[part], timeouts: configuration.timeouts, in: batch, slot: part)
        }
        let ending = FanOutEnding(batch)
        try await withThrowingDiscardingTaskGroup { group in
            for part in queued {
                group.addTask {
                    let body = bodies[part]
                    try await ending.recording {
                        results.store(
                            try await self.post(type, route: route, body: body, affinityKey: affinityKey, deadline: deadline, convert: convert),
                            at: part)
                    }
                }
            }
            var done = false
            while !done {
                let next = await batch.next()
                done = next.done
                for call in next.finished {
                    guard let attempt = attempts[call.slot] else { continue }
                    let target = HTTPTransport.Target(endpoint: name, replica: pool.replica(of: attempt).baseURL)
                    do {
                        let response = try pool.transport.decodeBatched(type, call.result, timeouts: configuration.timeouts, target: target)
                        pool.succeeded(attempt)
                        results.store(convert(response), at: call.slot)
                    } catch {
                        guard !ending.isSet else {
                            // The request has failed already: this call is over, not retried.
                            pool.abandoned(attempt)
                            continue
                        }
                        do {
                            let retry = try pool.failed(attempt, with: error, deadline: deadline)
                            let body = bodies[call.slot]
                            group.addTask {
                                try await ending.recording {
                                    results.store(
                                        try await self.post(
                                            type, route: route, body: body, affinityKey: affinityKey, deadline: deadline, after: retry,
                                            convert: convert),
                                        at: call.slot)
                                }
                            }
                        } catch {
                            ending.record(error)
                        }
                    }
                }
            }
            if let error = ending.error { throw error }
        }
        return results.taken()
    }

    /// One body per seed; equal seeds (all nil, typically) share one.
    private static func bodies(for seeds: [UInt64?], _ makeBody: (UInt64?) -> [UInt8]) -> [[UInt8]] {
        var bodies: [[UInt8]] = []
        bodies.reserveCapacity(seeds.count)
        for (index, seed) in seeds.enumerated() {
            bodies.append(index > 0 && seeds[index - 1] == seed ? bodies[index - 1] : makeBody(seed))
        }
        return bodies
    }
}

/// The error that ends a fan-out: the first that ends one of its calls, whether the waiting task or a
/// call's own task saw it. Recording one cancels the batch's calls still under way; the cancellations
/// that follow do not replace it.
private final class FanOutEnding: Sendable {
    private let batch: LeanBatch
    private let first = Mutex<(any Error)?>(nil)

    init(_ batch: LeanBatch) { self.batch = batch }

    var isSet: Bool { first.withLock { $0 != nil } }
    var error: (any Error)? { first.withLock { $0 } }

    func record(_ error: any Error) {
        first.withLock { first in
            if first == nil || (first is CancellationError && !(error is CancellationError)) { first = error }
        }
        batch.cancel()
    }

    /// Runs a call's task, recording the error that ends it.
    func recording(_ call: () async throws -> Void) async throws {
        do {
            try await call()
        } catch {
            record(error)
            throw error
        }
    }
}
