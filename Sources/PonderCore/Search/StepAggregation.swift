/// How a path's step scores become one score (search-and-learn's `aggregate_scores`; OpenR and
/// Liu et al. add `mean`). `last` is the default, as in Snell et al.
public enum StepAggregation: String, Sendable, Hashable, Codable, CaseIterable {
    case last, min, prod, mean

    public func aggregate(_ scores: [Double]) -> Double {
        guard let final = scores.last else { return 0 }
        switch self {
        case .last: return final
        case .min: return scores.min() ?? 0
        case .prod: return scores.reduce(1, *)
        case .mean: return scores.reduce(0, +) / Double(scores.count)
        }
    }
}
