import DequeModule
import PonderCore
import Synchronization

/// The search traces of recent requests, kept in a bounded ring for `GET /v1/ponder/traces/{id}`.
final class TraceStore: Sendable {
    private let capacity: Int
    private let entries = Mutex<Deque<(id: String, trace: SearchTrace)>>([])

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    func store(_ trace: SearchTrace, id: String) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            entries.append((id, trace))
            while entries.count > capacity { entries.removeFirst() }
        }
    }

    func trace(id: String) -> SearchTrace? {
        entries.withLock { entries in entries.last { $0.id == id }?.trace }
    }
}
