extension ComparisonBuilder {
    /// Mean tokens against mean score for every strategy whose rows carry tokens, the Pareto frontier
    /// among them, and the best score within each `--at-tokens` budget.
    func frontier(_ names: [String], summaries: [String: StrategySummary]) -> ComputeFrontier {
        let measured = names.filter { summaries[$0]!.meanTokens != nil }
        let points = measured.map { ParetoFrontier.Point(cost: summaries[$0]!.meanTokens!, quality: summaries[$0]!.mean) }
        let onFrontier = ParetoFrontier.membership(points)
        let frontierPoints = measured.indices.map {
            FrontierPoint(strategy: measured[$0], meanTokens: points[$0].cost, mean: points[$0].quality, onFrontier: onFrontier[$0])
        }
        let readings = options.atTokens.map { budget in
            guard let best = ParetoFrontier.bestWithin(budget, points: points) else {
                return BudgetReading(tokens: budget, strategy: nil, mean: nil)
            }
            return BudgetReading(tokens: budget, strategy: measured[best], mean: points[best].quality)
        }
        return ComputeFrontier(points: frontierPoints, atTokens: readings)
    }
}
