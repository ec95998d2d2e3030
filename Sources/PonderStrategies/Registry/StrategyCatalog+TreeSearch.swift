import PonderCore

/// Preset parameters of the tree searches, read into their configuration types.
extension StrategyCatalog {
    enum SelectionName: String, CaseIterable { case puct, uct }
    enum EvaluationName: String, CaseIterable {
        case automatic
        case qValue = "q-value"
        case prm, rollout
    }

    static let mcts = Entry(kind: "mcts", summary: "MCTS over steps: PUCT or UCT, values from a Q-value model, PRM or rollouts") { p in
        let selection: MonteCarloTreeSearch.Selection =
            switch try p.choice("selection", default: SelectionName.puct) {
            case .puct:
                .puct(
                    cBase: try p.double("c_base", default: 19652, range: 1...1e9),
                    cInit: try p.double("c_init", default: 1.25, range: 0...100))
            case .uct:
                .uct(explorationWeight: try p.double("exploration_weight", default: 1.0, range: 0...100))
            }
        let aggregation = try p.choice("aggregation", default: StepAggregation.last)
        let evaluation: MonteCarloTreeSearch.Evaluation =
            switch try p.choice("evaluation", default: EvaluationName.automatic) {
            case .automatic: .automatic
            case .qValue: .qValue
            case .prm: .prm(aggregation: aggregation)
            case .rollout: .rollout(scorer: try p.choice("rollout_scorer", default: SolutionScorerKind.outcome), aggregation: aggregation)
            }
        return MonteCarloTreeSearch(
            iterations: try p.int("iterations", default: 16, range: 1...10_000),
            expansionWidth: try p.int("k", default: 4, range: 1...64),
            temperature: try p.double("temperature", default: 0.8, range: 0...2),
            selection: selection, evaluation: evaluation,
            answer: try p.choice("answer", default: MonteCarloTreeSearch.AnswerSelection.mostVisited),
            maxDepth: try p.int("max_depth", default: 40, range: 1...1000),
            maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
            rolloutTemperature: try p.double("rollout_temperature", default: 0.8, range: 0...2),
            rolloutMaxTokens: try p.int("rollout_max_tokens", default: 2048, range: 1...131_072),
            priorsFromLogprobs: try p.bool("priors_from_logprobs", default: false),
            deduplicate: try p.bool("deduplicate", default: true))
    }

    static let treeOfThought = Entry(kind: "tot", summary: "tree-of-thought: BFS keeping the b best states per level, or DFS with pruning and backtracking") { p in
        TreeOfThought(
            mode: try p.choice("mode", default: TreeOfThought.Mode.bfs),
            breadth: try p.int("b", default: 5, range: 1...256),
            proposals: try p.int("proposals", default: 4, range: 1...64),
            temperature: try p.double("temperature", default: 0.7, range: 0...2),
            selection: try p.choice("selection", default: TreeOfThought.Selection.greedy),
            value: try p.choice("value", default: SolutionScorerKind.prm),
            aggregation: try p.choice("aggregation", default: StepAggregation.last),
            maxDepth: try p.int("max_depth", default: 8, range: 1...1000),
            maxStepTokens: try p.int("max_step_tokens", default: 256, range: 1...131_072),
            valueThreshold: try p.double("value_threshold", default: 0.3, range: 0...1),
            pruneRatio: try p.double("prune_ratio", default: 0.4, range: 0...0.99),
            numPaths: try p.int("num_paths", default: 3, range: 1...1000),
            completeUnfinished: try p.bool("complete_unfinished", default: true),
            completionMaxTokens: try p.int("completion_max_tokens", default: 2048, range: 1...131_072),
            deduplicate: try p.bool("deduplicate", default: true))
    }
}
