import PonderCore
import NIOCore
import Synchronization

/// Server-sent-event streams, through AsyncHTTPClient.
extension HTTPTransport {
    /// POSTs a streaming request and hands each server-sent event's data to `onEvent` as it arrives.
    ///
    /// The head must arrive within `firstByte`; after it, no gap between chunks may exceed `idle`, and
    /// the whole call may not exceed `total`.
    func postStream(
        url: String, body: ByteBuffer, apiKey: String?, timeouts: EndpointTimeouts, target: Target,
        onEvent: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async throws {
        let request = makeRequest(url: url, body: body, apiKey: apiKey, accept: "text/event-stream")
        let started = NIODeadline.now()
        // The idle limit counts from the head on: until then the first-byte limit is the one that applies.
        let progress = ProgressClock.waitingForHead()
        try await withWatchdog(
            started: started, total: timeouts.total, idle: timeouts.idle, progress: progress, target: target
        ) {
            let headSeconds = min(timeouts.firstByte, timeouts.total)
            let response = try await self.execute(
                request, deadline: started + .nanoseconds(Int64(headSeconds * 1e9)), target: target,
                headTimeout: .firstByte, seconds: headSeconds)
            progress.touch()
            guard response.status.code / 100 == 2 else {
                let bytes = try await self.collect(response.body, target: target)
                try Self.checkStatus(status: Int(response.status.code), headers: response.headers, body: bytes, target: target)
                return
            }
            var parser = ServerSentEventParser()
            do {
                for try await chunk in response.body {
                    progress.touch()
                    parser.append(chunk)
                    while let data = parser.nextEventData() {
                        try await onEvent(data)
                    }
                }
            } catch let error as BackendError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw Self.classify(error, target: target, timeouts: timeouts)
            }
            if let data = parser.finish() { try await onEvent(data) }
        }
    }

    /// Runs `body` while a watchdog enforces the total deadline and, for streams, the idle limit.
    private func withWatchdog<T: Sendable>(
        started: NIODeadline, total: Double, idle: Double?, progress: ProgressClock?, target: Target,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                let totalNanos = started.uptimeNanoseconds &+ UInt64(total * 1e9)
                while true {
                    var wake = totalNanos
                    let idleSince = progress?.idleSince
                    if let idle, let idleSince {
                        wake = min(wake, idleSince &+ UInt64(idle * 1e9))
                    }
                    let now = NIODeadline.now().uptimeNanoseconds
                    if now >= totalNanos {
                        throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .total, seconds: total)
                    }
                    if let idle, let idleSince, now >= idleSince &+ UInt64(idle * 1e9) {
                        throw BackendError.timeout(endpoint: target.endpoint, replica: target.replica, kind: .idle, seconds: idle)
                    }
                    try await Task.sleep(nanoseconds: wake - now)
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }
}

/// The time of the last sign of life of a streamed response, from its head on.
final class ProgressClock: Sendable {
    private static let noHead = UInt64.max
    private let last: Atomic<UInt64>
    private init(_ nanos: UInt64) { last = Atomic(nanos) }
    /// A clock for a response whose head has not arrived: no idle time counts yet.
    static func waitingForHead() -> ProgressClock { ProgressClock(noHead) }
    /// When the response last showed life; nil while its head has not arrived.
    var idleSince: UInt64? {
        let nanos = last.load(ordering: .relaxed)
        return nanos == Self.noHead ? nil : nanos
    }
    func touch() { last.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed) }
}
