import PonderCore

/// One node of the MCTS tree: a partial solution with its prior, initial value and backed-up statistics.
struct MCTSNode {
    var path: PartialPath
    var parent: Int?
    var children: [Int] = []
    /// Children have been proposed (the node may still have none: a dead end).
    var isExpanded = false
    /// P in PUCT: the normalised likelihood of its step among its siblings.
    var prior: Double
    /// The evaluator's value when the node was created (OpenR's `_initial_value`).
    var initialValue: Double
    var visits = 0
    var valueSum = 0.0

    /// Q: the mean backed-up value, or the initial value while unvisited (OpenR `Node.value`; the same
    /// as llm-reasoners' `Q` falling back to `fast_reward` for an unvisited child).
    var value: Double { visits == 0 ? initialValue : valueSum / Double(visits) }

    /// The search cannot go deeper from here: a final answer, a cut step, the depth cap, or no children.
    var isLeafForGood: Bool { path.isTerminal || (isExpanded && children.isEmpty) }
}

/// The MCTS tree, flat: node 0 is the root. Children keep the order they were proposed in.
struct MCTSTree {
    private(set) var nodes: [MCTSNode]

    init() {
        nodes = [MCTSNode(path: PartialPath(), parent: nil, prior: 1, initialValue: 0)]
    }

    static let root = 0

    subscript(index: Int) -> MCTSNode {
        get { nodes[index] }
        set { nodes[index] = newValue }
    }

    /// Adds children under `parent` with their priors and initial values, and marks `parent` expanded.
    mutating func expand(_ parent: Int, children: [(path: PartialPath, prior: Double, value: Double)]) {
        nodes[parent].isExpanded = true
        for child in children {
            nodes.append(MCTSNode(path: child.path, parent: parent, prior: child.prior, initialValue: child.value))
            nodes[parent].children.append(nodes.count - 1)
        }
    }

    /// The child of `parent` the selection rule scores highest (ties: the earlier child).
    func select(from parent: Int, rule: MonteCarloTreeSearch.Selection) -> Int? {
        let node = nodes[parent]
        var best: (index: Int, score: Double)?
        for index in node.children {
            let score = Self.score(child: nodes[index], parentVisits: node.visits, rule: rule)
            if best == nil || score > best!.score { best = (index, score) }
        }
        return best?.index
    }

    /// The selection score of a child.
    ///
    /// - PUCT (OpenR `_ucb_score`): `Q + P·(ln((N_p + c_base + 1)/c_base) + c_init)·√N_p/(1 + N_c)`.
    /// - UCT (llm-reasoners `_uct`): `Q + w·√(ln N_p / max(1, N_c))`, with ln N_p taken as 0 while the
    ///   parent has at most one visit (llm-reasoners never evaluates it there).
    ///
    /// With an unvisited parent both reduce to Q, so an unvisited node's first trajectory goes to its
    /// child of highest initial value, as OpenR's `vanila_mcts` does.
    static func score(child: MCTSNode, parentVisits: Int, rule: MonteCarloTreeSearch.Selection) -> Double {
        let parentN = Double(parentVisits)
        let childN = Double(child.visits)
        switch rule {
        case .puct(let cBase, let cInit):
            let c = SearchMath.log((parentN + cBase + 1) / cBase) + cInit
            return child.value + child.prior * c * parentN.squareRoot() / (1 + childN)
        case .uct(let explorationWeight):
            let logParent = parentVisits > 1 ? SearchMath.log(parentN) : 0
            return child.value + explorationWeight * (logParent / max(1, childN)).squareRoot()
        }
    }

    /// Mean backup: adds `value` to every node from `leaf` up to the root and records visits and values.
    mutating func backup(from leaf: Int, value: Double, trace: TraceRecorder) {
        var current: Int? = leaf
        while let index = current {
            nodes[index].visits += 1
            nodes[index].valueSum += value
            trace.setVisits(nodes[index].path.node, visits: nodes[index].visits, value: nodes[index].value)
            current = nodes[index].parent
        }
    }

    /// Follows the most visited child from the root (ties: higher Q, then the earlier child) until a node
    /// without children; returns that node.
    func mostVisitedLeaf() -> Int {
        var current = Self.root
        while !nodes[current].children.isEmpty {
            var best = nodes[current].children[0]
            for index in nodes[current].children.dropFirst() {
                let candidate = nodes[index]
                let incumbent = nodes[best]
                if candidate.visits > incumbent.visits
                    || (candidate.visits == incumbent.visits && candidate.value > incumbent.value)
                {
                    best = index
                }
            }
            current = best
        }
        return current
    }

    /// Every node that ends in an answer or was otherwise stopped (not the root), in creation order.
    var terminalNodes: [Int] {
        nodes.indices.filter { $0 != Self.root && nodes[$0].path.isTerminal }
    }
}
