/// Where a running search stands: what it has spent, how many nodes it has expanded, how deep it has
/// gone and the best score any node has so far. Heard after every backend call.
public struct SearchProgress: Sendable, Equatable {
    public var usage: Usage
    /// Nodes in the search tree, the root not counted.
    public var nodesExpanded: Int
    /// Depth of the deepest node (a step-level search's step; 1 for sampling strategies).
    public var depth: Int
    public var bestScore: Double?

    public init(usage: Usage, nodesExpanded: Int = 0, depth: Int = 0, bestScore: Double? = nil) {
        self.usage = usage
        self.nodesExpanded = nodesExpanded
        self.depth = depth
        self.bestScore = bestScore
    }
}
