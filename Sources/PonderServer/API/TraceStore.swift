import DequeModule
import PonderCore
import Synchronization

/// The search traces of recent requests, kept in a bounded ring for `GET /v1/ponder/traces/{id}`.
///
/// A trace holds the client's prompt and the answers, so it is kept with the client (API key name)
/// whose request made it and is given back only to that client. Request ids may come from clients
/// (`X-Request-Id`), so two clients can share one; each sees only its own trace under it.
final class TraceStore: Sendable {
    private struct Entry {
        var id: String
        var owner: String?
        var trace: SearchTrace
    }

    private let capacity: Int
    private let entries = Mutex<Deque<Entry>>([])

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// `owner`: the name of the requesting client's key; nil when the server requires no key.
    func store(_ trace: SearchTrace, id: String, owner: String?) {
        guard capacity > 0 else { return }
        // The trace pushed out is released after the lock, so its tree is not freed while others wait.
        let evicted = entries.withLock { entries -> Entry? in
            entries.append(Entry(id: id, owner: owner, trace: trace))
            return entries.count > capacity ? entries.removeFirst() : nil
        }
        _ = evicted
    }

    /// The latest trace under `id` made by `owner`'s requests.
    func trace(id: String, owner: String?) -> SearchTrace? {
        entries.withLock { entries in entries.last { $0.id == id && $0.owner == owner }?.trace }
    }
}
