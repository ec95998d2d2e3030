import GRDB
import Logging
import ServiceLifecycle
import Synchronization

/// The one writer of a `--record` file. Requests hand it their answered rows and go on; it commits
/// them in batches (one transaction per batch: whatever arrived while the previous batch was being
/// written), so the request path never waits on disk and never queues behind other requests for a lock
/// other than the brief one that appends to the pending list.
///
/// The pending list is bounded (`capacity` rows). When it is full — the disk cannot keep up — a new row
/// is dropped rather than waited for, and counted in `ponder_record_rows_dropped_total{reason="queue_full"}`;
/// a batch the database refuses is dropped and counted with `reason="write_failed"` and logged. Rows
/// committed are counted in `ponder_record_rows_written_total`.
///
/// Durability: a row is committed within one batch of its answer, not before the client sees it, so a
/// `kill -9` loses the rows still pending (those answered in the last moments) but never a committed
/// one, and never leaves one half written. On SIGTERM the recorder is the last service to stop: the
/// daemon first drains its requests, then `run()` writes everything pending and returns.
final class RequestRecorder: Service, Sendable {
    let store: RecordStore
    let capacity: Int
    private let redactor: SecretRedactor
    private let metrics: ServerMetrics
    private let logger: Logger
    private let state: Mutex<State>
    /// Wakes the writer; holds at most one wake-up, since one pass takes everything pending.
    private let wake: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    private struct State {
        var pending: [AnsweredRequest] = []
        var closed = false
    }

    init(store: RecordStore, capacity: Int = 4096, redactor: SecretRedactor, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.capacity = max(1, capacity)
        self.redactor = redactor
        self.metrics = metrics
        self.logger = logger
        self.state = Mutex(State())
        (wake, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Hands a row to the writer without waiting. Dropped (and counted) when the pending list is full or
    /// the recorder has been closed.
    func record(_ row: AnsweredRequest) {
        let accepted = state.withLock { state in
            guard !state.closed, state.pending.count < capacity else { return false }
            state.pending.append(row)
            return true
        }
        if accepted {
            waker.yield()
        } else {
            metrics.recordRowsDropped(1, reason: "queue_full")
        }
    }

    /// Rows waiting for the writer.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// No more rows are taken; `run()` writes what is pending and returns.
    func close() {
        state.withLock { $0.closed = true }
        waker.finish()
    }

    /// The writer: commits pending rows batch by batch until `close()` (or the service group's graceful
    /// shutdown, which closes it), then writes the rest and returns. If its task is cancelled it still
    /// writes what is pending, blocking the thread for that last batch.
    func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wake { await writePending() }
            close()
            await writePending()
        } onGracefulShutdown: {
            self.close()
        }
    }

    private func writePending() async {
        while true {
            let batch = state.withLock { state in
                let taken = state.pending
                state.pending.removeAll(keepingCapacity: true)
                return taken
            }
            guard !batch.isEmpty else { return }
            await write(batch)
        }
    }

    private func write(_ batch: [AnsweredRequest]) async {
        do {
            let rows = try batch.map { try $0.arguments(redactor: redactor) }
            if Task.isCancelled {
                try store.insertNow(rows)
            } else {
                do {
                    try await store.insert(rows)
                } catch is CancellationError {
                    // GRDB rolled the transaction back; the rows are written now, once.
                    try store.insertNow(rows)
                }
            }
            metrics.recordRowsWritten(batch.count)
        } catch {
            metrics.recordRowsDropped(batch.count, reason: "write_failed")
            logger.error(
                "could not write answered requests to the record",
                metadata: ["path": .string(store.path), "rows": .stringConvertible(batch.count), "error": .string("\(error)")])
        }
    }
}
