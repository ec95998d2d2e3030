import Synchronization

/// Collects the search tree while a strategy runs; safe to use from concurrent expansions.
public final class TraceRecorder: Sendable {
    private let state = Mutex(SearchTrace(nodes: [TraceNode(id: 0, parent: nil, text: "", visits: 0, isTerminal: false)]))

    public init() {}

    public static let root = 0

    /// Adds a node under `parent` and returns its id.
    @discardableResult
    public func add(parent: Int, text: String, score: Double? = nil, isTerminal: Bool = false) -> Int {
        state.withLock { trace in
            let id = trace.nodes.count
            trace.nodes.append(TraceNode(id: id, parent: parent, text: text, score: score, visits: 0, isTerminal: isTerminal))
            return id
        }
    }

    public func setScore(_ id: Int, _ score: Double) {
        state.withLock { trace in if trace.nodes.indices.contains(id) { trace.nodes[id].score = score } }
    }

    public func setVisits(_ id: Int, visits: Int, value: Double?) {
        state.withLock { trace in
            guard trace.nodes.indices.contains(id) else { return }
            trace.nodes[id].visits = visits
            trace.nodes[id].value = value
        }
    }

    public func markTerminal(_ id: Int) {
        state.withLock { trace in if trace.nodes.indices.contains(id) { trace.nodes[id].isTerminal = true } }
    }

    public func choose(_ id: Int) {
        state.withLock { $0.chosen = id }
    }

    public func snapshot() -> SearchTrace { state.withLock { $0 } }
}
