import Synchronization

/// Collects the search tree while a strategy runs; safe to use from concurrent expansions. Keeps the
/// depth and best score as nodes arrive, so progress reports cost O(1).
public final class TraceRecorder: Sendable {
    private let state = Mutex(State())

    private struct State {
        var trace = SearchTrace(nodes: withRoom(TraceNode(id: 0, parent: nil, text: "", visits: 0, isTerminal: false)))
        var depths: [Int] = withRoom(0)
        var maxDepth = 0
        var bestScore: Double?

        /// The root with room for a few nodes: a one-call search's trace then grows without a copy.
        static func withRoom<Element>(_ root: Element) -> [Element] {
            var array: [Element] = []
            array.reserveCapacity(4)
            array.append(root)
            return array
        }

        mutating func noteScore(_ score: Double?) {
            guard let score, score.isFinite else { return }
            bestScore = max(bestScore ?? score, score)
        }
    }

    public init() {}

    public static let root = 0

    /// Adds a node under `parent` and returns its id.
    @discardableResult
    public func add(parent: Int, text: String, score: Double? = nil, isTerminal: Bool = false) -> Int {
        state.withLock { state in
            let id = state.trace.nodes.count
            state.trace.nodes.append(TraceNode(id: id, parent: parent, text: text, score: score, visits: 0, isTerminal: isTerminal))
            let depth = (state.depths.indices.contains(parent) ? state.depths[parent] : 0) + 1
            state.depths.append(depth)
            state.maxDepth = max(state.maxDepth, depth)
            state.noteScore(score)
            return id
        }
    }

    public func setScore(_ id: Int, _ score: Double) {
        state.withLock { state in
            guard state.trace.nodes.indices.contains(id) else { return }
            state.trace.nodes[id].score = score
            state.noteScore(score)
        }
    }

    public func setVisits(_ id: Int, visits: Int, value: Double?) {
        state.withLock { state in
            guard state.trace.nodes.indices.contains(id) else { return }
            state.trace.nodes[id].visits = visits
            state.trace.nodes[id].value = value
        }
    }

    public func markTerminal(_ id: Int) {
        state.withLock { state in if state.trace.nodes.indices.contains(id) { state.trace.nodes[id].isTerminal = true } }
    }

    public func choose(_ id: Int) {
        state.withLock { $0.trace.chosen = id }
    }

    public func snapshot() -> SearchTrace { state.withLock { $0.trace } }

    /// The search's progress with `usage` spent so far.
    public func progress(usage: Usage) -> SearchProgress {
        state.withLock { state in
            SearchProgress(usage: usage, nodesExpanded: state.trace.nodes.count - 1, depth: state.maxDepth, bestScore: state.bestScore)
        }
    }
}
