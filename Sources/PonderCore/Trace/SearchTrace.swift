/// The search tree of one solve: every node a strategy expanded, with its scores and visits.
///
/// Node 0 is the root (the problem, empty text). `chosen` is the node whose path gave the answer.
public struct SearchTrace: Sendable, Codable, Hashable {
    public var nodes: [TraceNode]
    public var chosen: Int?

    public init(nodes: [TraceNode] = [], chosen: Int? = nil) {
        self.nodes = nodes
        self.chosen = chosen
    }

    /// A compact indented rendering, one line per node, for terminals.
    public func rendered(maxNodes: Int = 60, textWidth: Int = 60) -> String {
        var children: [Int: [Int]] = [:]
        for node in nodes { if let parent = node.parent { children[parent, default: []].append(node.id) } }
        let onChosenPath = Set(pathToChosen())
        var lines: [String] = []
        func visit(_ id: Int, depth: Int) {
            guard lines.count < maxNodes else { return }
            let node = nodes[id]
            var line = String(repeating: "  ", count: depth) + (onChosenPath.contains(id) ? "* " : "- ")
            let text = node.text.split(whereSeparator: \.isNewline).joined(separator: " ")
            line += text.isEmpty ? "(root)" : String(text.prefix(textWidth)) + (text.count > textWidth ? "…" : "")
            var facts: [String] = []
            if let score = node.score { facts.append("score \(Self.format(score))") }
            if let value = node.value { facts.append("value \(Self.format(value))") }
            if node.visits > 0 { facts.append("visits \(node.visits)") }
            if node.isTerminal { facts.append("terminal") }
            if !facts.isEmpty { line += "  [" + facts.joined(separator: ", ") + "]" }
            lines.append(line)
            for child in children[id] ?? [] { visit(child, depth: depth + 1) }
        }
        if !nodes.isEmpty { visit(0, depth: 0) }
        if nodes.count > lines.count { lines.append("… \(nodes.count - lines.count) more nodes") }
        return lines.joined(separator: "\n")
    }

    /// Node ids from the root to the chosen node.
    public func pathToChosen() -> [Int] {
        var path: [Int] = []
        var current = chosen
        while let id = current, id < nodes.count {
            path.append(id)
            current = nodes[id].parent
        }
        return path.reversed()
    }

    private static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }
}

/// One node of a search tree.
public struct TraceNode: Sendable, Codable, Hashable {
    public var id: Int
    public var parent: Int?
    /// The step (or whole continuation) this node added.
    public var text: String
    /// Its score: PRM step score, outcome score or Q value.
    public var score: Double?
    public var visits: Int
    /// Backed-up value (MCTS) where the strategy keeps one.
    public var value: Double?
    public var isTerminal: Bool

    enum CodingKeys: String, CodingKey {
        case id, parent, text, score, visits, value
        case isTerminal = "terminal"
    }
}
